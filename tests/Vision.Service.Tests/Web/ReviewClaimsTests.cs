using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vision.Service.Web;
using Vision.Service.Web.Review;

namespace Vision.Service.Tests.Web;

public sealed class ReviewClaimsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero));
    private readonly ReviewClaims _claims;

    public ReviewClaimsTests() => _claims = new ReviewClaims(_clock, Options.Create(new WebOptions { ClaimDuration = TimeSpan.FromMinutes(5) }));

    [Fact]
    public void SecondOfficer_SeesTheFirstOfficersClaim_UntilItRunsOutOrIsTakenOver()
    {
        Assert.Equal("officer1", _claims.Claim("v1", "officer1").Officer);
        Assert.Equal("officer1", _claims.Claim("v1", "officer2").Officer);
        Assert.Equal("officer1", _claims.HolderOf("v1")!.Officer);

        Assert.Equal("officer2", _claims.Claim("v1", "officer2", takeOver: true).Officer);
        Assert.Equal("officer2", _claims.HolderOf("v1")!.Officer);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(_claims.HolderOf("v1"));
        Assert.Equal("officer1", _claims.Claim("v1", "officer1").Officer);
    }

    [Fact]
    public void ClaimsThatRanOut_AreForgotten_NotKeptForTheServicesLifetime()
    {
        // Pages opened and left without a decision (a shift's worth), then a new day's first claim.
        for (var i = 0; i < 1000; i++)
        {
            _claims.Claim($"v{i}", "officer1");
        }

        _clock.Advance(TimeSpan.FromMinutes(5));
        _claims.Claim("v-next", "officer2");

        Assert.Equal(1, _claims.Count);
    }

    [Fact]
    public void Renewing_KeepsTheClaim_AndReleasing_FreesIt()
    {
        _claims.Claim("v1", "officer1");
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(5), _claims.Claim("v1", "officer1").ExpiresAt);
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("officer1", _claims.HolderOf("v1")!.Officer);

        _claims.Release("v1", "officer2");
        Assert.NotNull(_claims.HolderOf("v1"));
        _claims.Release("v1", "officer1");
        Assert.Null(_claims.HolderOf("v1"));
    }
}
