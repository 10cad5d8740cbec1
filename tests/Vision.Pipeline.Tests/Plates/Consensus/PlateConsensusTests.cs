using Vision.Domain.Plates.Consensus;
using Vision.Pipeline.Plates.Consensus;

namespace Vision.Pipeline.Tests.Plates.Consensus;

public sealed class PlateConsensusTests
{
    private static PlateConsensusResult DecideAll(IEnumerable<PlateObservation> observations, PlateConsensusOptions? options = null)
    {
        var consensus = new PlateConsensus(options);
        foreach (var observation in observations)
        {
            consensus.Add(observation);
        }

        return consensus.Decide()!;
    }

    [Fact]
    public void Decide_FindsThePlate_WhereTheMostFrequentAndTheMostConfidentReadsAreWrong()
    {
        var reads = NoisyPlateReads.Generate();
        var mostFrequent = reads.GroupBy(read => read.Read.Characters).OrderByDescending(group => group.Count()).First();
        var mostConfident = reads.MaxBy(read => read.Read.Confidence)!;

        var result = DecideAll(reads);

        Assert.Equal(("75H14Z599", 8), (mostFrequent.Key, mostFrequent.Count()));
        Assert.Equal("73H142588", mostConfident.Read.Characters);
        Assert.Equal(NoisyPlateReads.Plate, result.Text);
        Assert.Equal(NoisyPlateReads.FormattedPlate, result.FormattedText);
        Assert.True(result.IsValidPlate);
        Assert.Equal(26, result.SupportingReads);
        Assert.Equal(0.9867, result.Score, 4);
        Assert.True(result.IsStable);
    }

    [Fact]
    public void Decide_ListsTheOtherClusters_HighestScoreFirst()
    {
        var result = DecideAll(NoisyPlateReads.Generate());

        Assert.Equal(["73H142588", "7H1", "A1XX9"], result.Alternatives.Select(alternative => alternative.Text));
        Assert.Equal([2, 1, 1], result.Alternatives.Select(alternative => alternative.SupportingReads));
        Assert.True(result.Alternatives[0].Score > result.Alternatives[1].Score);
        Assert.True(result.Alternatives[1].Score > result.Alternatives[2].Score);
        Assert.Equal(1.0, result.Score + result.Alternatives.Sum(alternative => alternative.Score), 1e-12);
    }

    [Fact]
    public void Decide_KeepsTheSharpestCropOfTheWinningText_NotOfAWrongRead()
    {
        var reads = NoisyPlateReads.Generate();
        var sharpestOfPlate = reads.Where(read => read.Read.Characters == NoisyPlateReads.Plate).MaxBy(read => read.Sharpness)!;
        var sharpestOverall = reads.MaxBy(read => read.Sharpness)!;

        var result = DecideAll(reads);

        Assert.NotEqual(NoisyPlateReads.Plate, sharpestOverall.Read.Characters);
        Assert.Same(sharpestOfPlate, result.BestObservation);
        Assert.Equal(sharpestOfPlate.CropJpeg.ToArray(), result.BestObservation.CropJpeg.ToArray());
    }

    [Fact]
    public void Decide_VotesCharacterByCharacter_ToAPlateNoSingleReadGotRight()
    {
        PlateObservation[] reads =
        [
            NoisyPlateReads.Observe("75H14Z599", 0.9f, frame: 0),
            NoisyPlateReads.Observe("75H14Z599", 0.9f, frame: 1),
            NoisyPlateReads.Observe("7SH142599", 0.9f, frame: 2),
            NoisyPlateReads.Observe("75HI42599", 0.9f, frame: 3),
            NoisyPlateReads.Observe("75H142S99", 0.9f, frame: 4, sharpness: 400),
        ];

        var result = DecideAll(reads);

        Assert.Equal(NoisyPlateReads.Plate, result.Text);
        Assert.Null(result.FormattedText);
        Assert.False(result.IsValidPlate);
        Assert.Equal(5, result.SupportingReads);
        Assert.Equal(1.0, result.Score);
        Assert.Same(reads[4], result.BestObservation);
        Assert.Empty(result.Alternatives);
    }

    [Fact]
    public void Decide_AlignsOnTheHeaviestLength_AndIgnoresLongerAndShorterReadsInTheVote()
    {
        PlateObservation[] reads =
        [
            NoisyPlateReads.Observe("75H142599", 0.9f, frame: 0),
            NoisyPlateReads.Observe("5H142599", 0.9f, frame: 1),
            NoisyPlateReads.Observe("75H1425999", 0.9f, frame: 2),
            NoisyPlateReads.Observe("75H142599", 0.8f, frame: 3),
        ];

        var result = DecideAll(reads);

        Assert.Equal(NoisyPlateReads.Plate, result.Text);
        Assert.Equal(4, result.SupportingReads);
    }

    [Fact]
    public void Decide_IsNotStable_OnTooFewReads()
    {
        var result = DecideAll([NoisyPlateReads.Observe(NoisyPlateReads.Plate, 0.95f, frame: 0)]);

        Assert.Equal(NoisyPlateReads.Plate, result.Text);
        Assert.Equal(1.0, result.Score);
        Assert.False(result.IsStable);
    }

    [Fact]
    public void Decide_IsNotStable_OnAgreeingReadsOfAPartialPlate()
    {
        // The motorbike's lower line hidden by the rider's foot: five sure reads of its upper line alone.
        var result = DecideAll([.. Enumerable.Range(0, 5).Select(frame => NoisyPlateReads.Observe("75H1", 0.95f, frame))]);

        Assert.Equal(("75H1", 5, false), (result.Text, result.SupportingReads, result.IsValidPlate));
        Assert.False(result.IsStable);
    }

    [Fact]
    public void Decide_IsNull_UntilAReadWithCharactersArrives()
    {
        var consensus = new PlateConsensus();

        Assert.Null(consensus.Decide());
        Assert.False(consensus.Add(NoisyPlateReads.Observe("", 0.9f, frame: 0)));
        Assert.Null(consensus.Current);
        Assert.True(consensus.Add(NoisyPlateReads.Observe(NoisyPlateReads.Plate, 0.9f, frame: 1)));
        Assert.Equal(NoisyPlateReads.Plate, consensus.Current?.Text);
    }

    [Fact]
    public void Add_KeepsAtMostMaxObservations_DroppingTheLightest()
    {
        var options = new PlateConsensusOptions { MaxObservations = 10 };
        var reads = NoisyPlateReads.Generate();
        var heaviest = reads.OrderByDescending(read => PlateReadWeight.Of(read, options)).Take(10).Select(read => read.FrameSequence).Order();
        var consensus = new PlateConsensus(options);

        var kept = reads.Count(consensus.Add);

        Assert.Equal(10, consensus.Count);
        Assert.Equal(21, kept); // the first ten, then eleven heavier than the lightest kept; nine were turned away
        Assert.Equal(heaviest, consensus.Observations.Select(read => read.FrameSequence).Order());
        Assert.Equal(NoisyPlateReads.Plate, consensus.Decide()!.Text);
    }

    [Fact]
    public void Decide_GivesTheSameResult_WhateverTheArrivalOrder()
    {
        var reads = NoisyPlateReads.Generate();
        var expected = DecideAll(reads);

        foreach (var seed in new[] { 1, 2, 3 })
        {
            var random = new Random(seed);
            var shuffled = reads.OrderBy(_ => random.Next()).ToArray();
            var result = DecideAll(shuffled);

            Assert.Equal(expected.Text, result.Text);
            Assert.Equal(expected.Score, result.Score);
            Assert.Equal(expected.SupportingReads, result.SupportingReads);
            Assert.Same(expected.BestObservation, result.BestObservation);
            Assert.Equal(expected.Alternatives, result.Alternatives);
        }
    }

    [Fact]
    public void Decide_GivesTheSameResult_ForTheSameSeed()
    {
        var first = DecideAll(NoisyPlateReads.Generate(seed: 7));
        var second = DecideAll(NoisyPlateReads.Generate(seed: 7));

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Score, second.Score);
        Assert.Equal(first.BestObservation.FrameSequence, second.BestObservation.FrameSequence);
        Assert.Equal(first.Alternatives, second.Alternatives);
    }

    [Fact]
    public void CropQuality_Saturates_InHeightAndSharpness()
    {
        var options = new PlateConsensusOptions();

        Assert.Equal(0.5, PlateReadWeight.CropQuality(NoisyPlateReads.Observe("A", 1, 0, cropHeight: 40, sharpness: 100), options));
        Assert.Equal(0.5, PlateReadWeight.CropQuality(NoisyPlateReads.Observe("A", 1, 0, cropHeight: 400, sharpness: 100), options));
        Assert.Equal(0.25, PlateReadWeight.CropQuality(NoisyPlateReads.Observe("A", 1, 0, cropHeight: 20, sharpness: 100), options));
        Assert.Equal(0.9, PlateReadWeight.CropQuality(NoisyPlateReads.Observe("A", 1, 0, cropHeight: 40, sharpness: 900), options), 1e-12);
        Assert.Equal(0, PlateReadWeight.CropQuality(NoisyPlateReads.Observe("A", 1, 0, cropHeight: 40, sharpness: 0), options));
    }
}
