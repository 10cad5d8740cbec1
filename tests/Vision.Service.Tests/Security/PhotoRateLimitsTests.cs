using Vision.Service.Security;

namespace Vision.Service.Tests.Security;

/// <summary>The token bucket refills at exactly the configured calls a minute, whatever the replenishment period.</summary>
public sealed class PhotoRateLimitsTests
{
    [Theory]
    [InlineData(10, 1000)]
    [InlineData(30, 1000)]
    [InlineData(90, 1000)]
    [InlineData(120, 1000)]
    [InlineData(150, 1000)]
    [InlineData(1, 60_000)]
    [InlineData(7, 15_000)]
    public void CallsAMinute_AreWhatIsConfigured(int callsPerMinute, int periodMilliseconds)
    {
        var (tokens, period) = PhotoRateLimits.Refill(callsPerMinute, TimeSpan.FromMilliseconds(periodMilliseconds));

        Assert.InRange(tokens, 1, int.MaxValue);
        Assert.Equal(callsPerMinute, tokens * TimeSpan.FromMinutes(1) / period, 3);
    }
}
