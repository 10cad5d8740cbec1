using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Plates.Consensus;

namespace Vision.Pipeline.Tests.Plates.Consensus;

public sealed class WatchlistTests
{
    private static readonly WatchlistEntry Stolen = new("75-H1 425.99", "stolen", "red Honda Wave");
    private static readonly WatchlistEntry Wanted = new("75A-123.45", "wanted", null);

    private readonly Watchlist _watchlist = new([Stolen, Wanted]);

    [Fact]
    public void Match_HitsExactly_WhateverTheSeparatorsAndCase()
    {
        var hit = Assert.Single(_watchlist.Match("75h1-42599", 0.93f));

        Assert.Same(Stolen, hit.Entry);
        Assert.Equal("75H142599", hit.ReadCharacters);
        Assert.Equal(WatchlistMatchKind.Exact, hit.Kind);
        Assert.True(hit.Exact);
        Assert.Equal(0, hit.EditDistance);
        Assert.Equal(0, hit.MatchDistance);
        Assert.Equal(0.93f, hit.ReadConfidence);
    }

    [Fact]
    public void Match_HitsAnEntryWrittenWithĐ_ExactlyAsReadersWriteIt()
    {
        var electric = new WatchlistEntry("29-MĐ1 123.45", "stolen", "electric motorbike");

        var hit = Assert.Single(new Watchlist([electric], maxEditDistance: 0).Match("29MD112345", 0.9f));

        Assert.Equal((WatchlistMatchKind.Exact, "29MD112345"), (hit.Kind, hit.ReadCharacters));
    }

    [Fact]
    public void Match_FlagsAOneEditHit_AsFuzzy()
    {
        var hit = Assert.Single(_watchlist.Match("75H142598", 0.9f));

        Assert.Same(Stolen, hit.Entry);
        Assert.Equal(WatchlistMatchKind.Fuzzy, hit.Kind);
        Assert.False(hit.Exact);
        Assert.Equal(1, hit.EditDistance);
        Assert.Equal(1, hit.MatchDistance);
    }

    [Fact]
    public void Match_FlagsADroppedCharacter_AsFuzzy()
    {
        var hit = Assert.Single(_watchlist.Match("5H142599", 0.9f));

        Assert.Equal((WatchlistMatchKind.Fuzzy, 1, 1.0), (hit.Kind, hit.EditDistance, hit.MatchDistance));
    }

    [Theory]
    [InlineData("75H14Z599", 1, 0.5)] // 2→Z
    [InlineData("75HI42599", 1, 0.5)] // 1→I: I is never on a Vietnamese plate
    [InlineData("7SH14Z599", 2, 1.0)] // two confusions: plain distance 2 is past the tolerance, but still the same plate
    [InlineData("7SHI4ZS99", 4, 2.0)]
    public void Match_HitsConfusedCharacters_AtHalfAnEditEach(string read, int editDistance, double matchDistance)
    {
        var hit = Assert.Single(_watchlist.Match(read, 0.8f));

        Assert.Same(Stolen, hit.Entry);
        Assert.Equal(WatchlistMatchKind.ConfusedCharacters, hit.Kind);
        Assert.False(hit.Exact);
        Assert.Equal(editDistance, hit.EditDistance);
        Assert.Equal(matchDistance, hit.MatchDistance);
    }

    [Theory]
    [InlineData("43A12345")]
    [InlineData("73H142588")]
    [InlineData("75H142")]
    [InlineData("75H14Z598")] // a confusion plus a real error: 1.5 edits
    [InlineData("-- ..")]
    public void Match_MissesOtherPlates(string read) => Assert.Empty(_watchlist.Match(read, 0.9f));

    [Fact]
    public void Match_WithZeroTolerance_KeepsExactAndConfusedHitsOnly()
    {
        var strict = new Watchlist([Stolen], maxEditDistance: 0);

        Assert.Empty(strict.Match("75H142598", 0.9f));
        Assert.Equal(WatchlistMatchKind.ConfusedCharacters, Assert.Single(strict.Match("75H14Z599", 0.9f)).Kind);
        Assert.Equal(WatchlistMatchKind.Exact, Assert.Single(strict.Match("75H142599", 0.9f)).Kind);
    }

    [Fact]
    public void Match_ListsExactHitsFirst_ThenConfused_ThenFuzzy()
    {
        var near = new WatchlistEntry("75H142598", "wanted", null);
        var confused = new WatchlistEntry("75H14Z599", "stolen", "listed as read by a camera");
        var watchlist = new Watchlist([near, confused, Stolen]);

        var hits = watchlist.Match("75H142599", 0.9f);

        Assert.Equal([Stolen, confused, near], hits.Select(hit => hit.Entry));
        Assert.Equal(
            [WatchlistMatchKind.Exact, WatchlistMatchKind.ConfusedCharacters, WatchlistMatchKind.Fuzzy],
            hits.Select(hit => hit.Kind));
    }

    [Fact]
    public void Constructor_RejectsAnEntryWithoutPlateCharacters() =>
        Assert.Throws<ArgumentException>(() => new Watchlist([Stolen, new WatchlistEntry(" - ", "stolen", null)]));

    [Theory]
    [InlineData('0', 'O', true)]
    [InlineData('0', 'D', true)]
    [InlineData('D', 'O', true)]
    [InlineData('8', 'B', true)]
    [InlineData('5', 'S', true)]
    [InlineData('2', 'Z', true)]
    [InlineData('1', 'I', true)]
    [InlineData('1', '7', false)]
    [InlineData('A', 'A', false)]
    public void AreConfusable_FollowsTheConfusionClasses(char first, char second, bool expected)
    {
        Assert.Equal(expected, ConfusableCharacters.AreConfusable(first, second));
        Assert.Equal(expected, ConfusableCharacters.AreConfusable(second, first));
    }
}
