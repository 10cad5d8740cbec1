using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Security;

/// <summary>
/// Calls per identity to photo analysis and triage (configuration <c>Vision:Security:RateLimits</c>): a token bucket of
/// <see cref="PhotoCallsPerMinute"/> refilled every <see cref="ReplenishmentPeriod"/>, up to <see cref="PhotoBurst"/> at once.
/// </summary>
public sealed class RateLimitSettings
{
    public int PhotoCallsPerMinute { get; set; } = 120;

    public int PhotoBurst { get; set; } = 20;

    /// <summary>
    /// Password sign-in attempts a minute from one address, after a burst of <see cref="SignInBurst"/>: enough for a
    /// police station's shift behind one NAT address, far too few to spray passwords across the force.
    /// </summary>
    public int SignInAttemptsPerMinute { get; set; } = 60;

    public int SignInBurst { get; set; } = 30;

    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);

    internal IEnumerable<ValidationResult> Validate()
    {
        if (PhotoCallsPerMinute <= 0 || PhotoBurst <= 0 || SignInAttemptsPerMinute <= 0 || SignInBurst <= 0)
        {
            yield return new ValidationResult(
                "Vision:Security:RateLimits: PhotoCallsPerMinute, PhotoBurst, SignInAttemptsPerMinute and SignInBurst must be positive.");
        }

        if (ReplenishmentPeriod <= TimeSpan.Zero || ReplenishmentPeriod > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Vision:Security:RateLimits:ReplenishmentPeriod must be more than 0 and at most a minute.");
        }
    }
}
