using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Security;

/// <summary>Cookie sessions of people signed in with local accounts (configuration <c>Vision:Security:Session</c>).</summary>
public sealed class SignInSessionOptions
{
    public const string Section = "Vision:Security:Session";

    /// <summary>A session unused this long ends; each request within it extends it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A session ends this long after sign-in however much it is used (a shift, with its overtime).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(12);
}
