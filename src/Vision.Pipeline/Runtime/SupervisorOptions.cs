namespace Vision.Pipeline.Runtime;

public sealed class SupervisorOptions
{
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A camera that ran this long without failing starts again from the initial backoff.</summary>
    public TimeSpan HealthyRunResetsBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long shutdown waits for accepted frames to be processed before counting the rest as dropped.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
