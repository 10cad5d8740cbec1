using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Consensus;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>A track's watchlist alerts as its plate consensus settles, frame after frame.</summary>
public sealed class TrackWatchlistAlertsTests
{
    private static readonly Watchlist Stolen = new([new WatchlistEntry("75-H1 425.99", "stolen", "red Honda Wave")]);

    [Fact]
    public void AFuzzyFirstRead_IsRaisedAgain_WhenThePlateSettlesOnTheEntryExactly_AndOnlyThen()
    {
        var alerts = new TrackWatchlistAlerts();

        var unsure = Assert.Single(alerts.Update(Stolen.Match("75H14259", 0.6f)));
        var again = alerts.Update(Stolen.Match("75H14259", 0.6f));
        var settled = Assert.Single(alerts.Update(Stolen.Match("75H142599", 0.9f)));
        var unsureLater = alerts.Update(Stolen.Match("75H14259", 0.6f));
        var exactLater = alerts.Update(Stolen.Match("75H142599", 0.9f));

        Assert.Equal(WatchlistMatchKind.Fuzzy, unsure.Kind);
        Assert.Empty(again);
        Assert.Equal(WatchlistMatchKind.Exact, settled.Kind);
        Assert.Empty(unsureLater);
        Assert.Empty(exactLater);
    }

    [Fact]
    public void ThePlatesHits_AreThoseOfItsCurrentRead_NotOfAnEarlierOne()
    {
        var alerts = new TrackWatchlistAlerts();
        alerts.Update(Stolen.Match("75H142598", 0.6f));

        alerts.Update(Stolen.Match("43A12345", 0.9f));

        Assert.Empty(alerts.Current);
    }
}
