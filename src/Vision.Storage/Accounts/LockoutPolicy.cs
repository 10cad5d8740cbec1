using System.ComponentModel.DataAnnotations;

namespace Vision.Storage.Accounts;

/// <summary>How many wrong passwords in a row lock an account, and for how long (configuration <c>Vision:Security:Lockout</c>).</summary>
public sealed class LockoutPolicy
{
    public const string Section = "Vision:Security:Lockout";

    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}
