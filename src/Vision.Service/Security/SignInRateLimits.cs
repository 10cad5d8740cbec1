using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Vision.Service.Security;

/// <summary>
/// Password sign-in attempts per remote address (a token bucket), checked before any password is hashed: each attempt
/// costs a full PBKDF2 hash, and without a limit a burst of posts with made-up names filled the CPUs the cameras run on
/// and sprayed passwords across every officer's account. Beyond the budget <c>POST /signin</c> is 429 with Retry-After.
/// Behind a reverse proxy the address is the proxy's for everyone (the README says to limit at the proxy instead).
/// </summary>
public static class SignInRateLimits
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        var (tokensPerPeriod, period) = PhotoRateLimits.Refill(settings.SignInAttemptsPerMinute, settings.ReplenishmentPeriod);
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(Policy, context =>
            RateLimitPartition.GetTokenBucketLimiter("address:" + context.Connection.RemoteIpAddress, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.SignInBurst,
                TokensPerPeriod = tokensPerPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
        return services;
    }
}
