using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tests.ObjectDetection;

public sealed class NonMaxSuppressionTests
{
    [Fact]
    public void Apply_KeepsTheBestOfOverlappingBoxesOfOneClass()
    {
        List<Detection> candidates =
        [
            new(new BoundingBox(0, 0, 10, 10), 0, 0.6f),
            new(new BoundingBox(1, 1, 11, 11), 0, 0.9f), // IoU with the first: 81 / 119 = 0.68
            new(new BoundingBox(50, 50, 60, 60), 0, 0.5f),
        ];
        var kept = new List<Detection>();

        NonMaxSuppression.Apply(candidates, 0.45f, 100, kept);

        Assert.Equal([0.9f, 0.5f], kept.Select(d => d.Confidence));
    }

    [Fact]
    public void Apply_NeverSuppressesAcrossClasses()
    {
        List<Detection> candidates =
        [
            new(new BoundingBox(0, 0, 10, 10), 0, 0.9f),
            new(new BoundingBox(0, 0, 10, 10), 3, 0.8f), // same box, a person riding the motorbike
        ];
        var kept = new List<Detection>();

        NonMaxSuppression.Apply(candidates, 0.45f, 100, kept);

        Assert.Equal(2, kept.Count);
    }

    [Fact]
    public void Apply_KeepsBoxesAtExactlyTheThreshold()
    {
        List<Detection> candidates =
        [
            new(new BoundingBox(0, 0, 10, 10), 0, 0.9f),
            new(new BoundingBox(0, 0, 10, 5), 0, 0.8f), // IoU exactly 0.5
        ];
        var kept = new List<Detection>();

        NonMaxSuppression.Apply(candidates, 0.5f, 100, kept);

        Assert.Equal(2, kept.Count);
    }

    [Fact]
    public void Apply_StopsAtTheMaximumCount()
    {
        var candidates = Enumerable.Range(0, 10).Select(i => new Detection(new BoundingBox(i * 20, 0, i * 20 + 10, 10), 0, 0.5f + i * 0.01f)).ToList();
        var kept = new List<Detection>();

        NonMaxSuppression.Apply(candidates, 0.45f, 3, kept);

        Assert.Equal([0.59f, 0.58f, 0.57f], kept.Select(d => MathF.Round(d.Confidence, 2)));
    }
}
