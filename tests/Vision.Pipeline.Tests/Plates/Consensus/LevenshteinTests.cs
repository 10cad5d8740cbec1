using Vision.Pipeline.Plates.Consensus;

namespace Vision.Pipeline.Tests.Plates.Consensus;

public sealed class LevenshteinTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "75H1", 4)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("75H142599", "75H142599", 0)]
    [InlineData("75H142599", "75H14Z599", 1)]
    [InlineData("75H142599", "5H142599", 1)]
    [InlineData("75H142599", "75H1425999", 1)]
    [InlineData("75H142599", "73H142588", 3)]
    [InlineData("ABCD", "BADC", 3)]
    public void Distance_CountsTheFewestEdits_BothWays(string first, string second, int expected)
    {
        Assert.Equal(expected, Levenshtein.Distance(first, second));
        Assert.Equal(expected, Levenshtein.Distance(second, first));
    }

    [Theory]
    [InlineData("75H142599", "73H142588", 1, 2)]
    [InlineData("75H142599", "73H142588", 3, 3)]
    [InlineData("75H142599", "75H1", 2, 3)]
    [InlineData("75H142599", "75H14Z599", 1, 1)]
    public void Distance_StopsAtOnePastTheBound(string first, string second, int maxDistance, int expected) =>
        Assert.Equal(expected, Levenshtein.Distance(first, second, maxDistance));

    [Fact]
    public void Distance_HandlesStringsLongerThanTheStackRow()
    {
        var first = new string('A', 300);
        var second = new string('A', 150) + "B" + new string('A', 149);

        Assert.Equal(1, Levenshtein.Distance(first, second));
        Assert.Equal(2, Levenshtein.Distance("X" + first, "Y" + second));
        Assert.Equal(2, Levenshtein.Distance("XY" + first, "YX" + second, 1));
    }
}
