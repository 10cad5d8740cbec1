using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Runtime;

/// <summary>How <see cref="CameraSupervisor"/> restarts failing cameras and drains them at shutdown.</summary>
public sealed class SupervisorOptions : IValidatableObject
{
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A camera that ran this long without failing starts again from the initial backoff.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan HealthyRunResetsBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long shutdown waits for accepted frames to be processed before counting the rest as dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBackoff < InitialBackoff)
        {
            yield return new ValidationResult($"MaxBackoff ({MaxBackoff}) must not be shorter than InitialBackoff ({InitialBackoff}).", [nameof(MaxBackoff)]);
        }
    }
}
