using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.ObjectDetection.Decoders;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.ObjectDetection;

public sealed class DecoderTests
{
    private static readonly ObjectClasses ThreeClasses = new(["car", "motorcycle", "person"]);
    private static readonly ConfidenceThresholds Thresholds = new(ThreeClasses, 0.3f);

    [Fact]
    public void YoloxDecoder_DecodesAnAnchorAgainstItsGridCellAndStride()
    {
        const int size = 64; // grids 8×8 (stride 8), 4×4 (16), 2×2 (32): 84 anchors
        var data = new float[84 * 8];
        var anchor = 64 + 2 * 4 + 3; // stride 16, row 2, column 3
        float[] values = [0.5f, 0.25f, MathF.Log(2), MathF.Log(1), 0.9f, 0.1f, 0.8f, 0.2f];
        values.CopyTo(data, anchor * 8);
        using var outputs = new SyntheticOutputs().Add("output", data, 1, 84, 8);
        var candidates = new List<Detection>();

        new YoloxDecoder().Decode(outputs.Build(), size, size, Thresholds, candidates);

        var found = Assert.Single(candidates);
        Assert.Equal(1, found.ClassId);
        Assert.Equal(0.72f, found.Confidence, 4);
        // centre ((0.5 + 3) × 16, (0.25 + 2) × 16) = (56, 36), size (2 × 16, 1 × 16)
        Assert.Equal(new BoundingBox(40, 28, 72, 44), found.Box);
    }

    [Fact]
    public void YoloxDecoder_DropsAnchorsWhoseScoreOrBoxIsNotANumber()
    {
        // A NaN passed every "score below threshold" test: a detection at NaN confidence hid the motorbike it joined.
        const int size = 64;
        var data = new float[84 * 8];
        float[][] anchors =
        [
            [0.5f, 0.5f, 0, 0, float.NaN, 0.1f, 0.8f, 0.2f],                  // objectness NaN
            [0.5f, 0.5f, 0, 0, 0.9f, float.NaN, float.NaN, float.NaN],        // class scores NaN
            [float.NaN, 0.5f, 0, 0, 0.9f, 0.1f, 0.8f, 0.2f],                  // box NaN
            [0.5f, 0.5f, float.PositiveInfinity, 0, 0.9f, 0.1f, 0.8f, 0.2f], // box infinite
            [0.5f, 0.5f, 0, 0, 0.9f, 0.1f, 0.8f, 0.2f],                       // sound
        ];
        for (var i = 0; i < anchors.Length; i++)
        {
            anchors[i].CopyTo(data, i * 8);
        }

        using var outputs = new SyntheticOutputs().Add("output", data, 1, 84, 8);
        var candidates = new List<Detection>();

        new YoloxDecoder().Decode(outputs.Build(), size, size, Thresholds, candidates);

        var found = Assert.Single(candidates);
        Assert.Equal((1, 0.72f), (found.ClassId, MathF.Round(found.Confidence, 2)));
        Assert.Equal(new BoundingBox(32, 0, 40, 8), found.Box);
    }

    [Fact]
    public void YoloxDecoder_Throws_WhenTheAnchorCountDoesNotMatchTheCanvas()
    {
        using var outputs = new SyntheticOutputs().Add("output", new float[10 * 8], 1, 10, 8);

        Assert.Throws<InvalidOperationException>(() => new YoloxDecoder().Decode(outputs.Build(), 64, 64, Thresholds, []));
    }

    [Fact]
    public void YoloV5Decoder_MultipliesObjectnessByClassScore_AndDropsLowScores()
    {
        float[] data =
        [
            100, 50, 20, 10, 0.9f, 0.1f, 0.2f, 0.95f, // person 0.855
            10, 10, 4, 4, 0.4f, 0.9f, 0.0f, 0.0f, // car 0.36
            30, 30, 4, 4, 0.5f, 0.5f, 0.0f, 0.0f, // car 0.25: below 0.3
        ];
        using var outputs = new SyntheticOutputs().Add("output0", data, 1, 3, 8);
        var candidates = new List<Detection>();

        new YoloV5Decoder().Decode(outputs.Build(), 640, 640, Thresholds, candidates);

        Assert.Equal(2, candidates.Count);
        Assert.Equal(new Detection(new BoundingBox(90, 45, 110, 55), 2, 0.855f), candidates[0] with { Confidence = MathF.Round(candidates[0].Confidence, 3) });
        Assert.Equal(0, candidates[1].ClassId);
    }

    [Fact]
    public void YoloV8Decoder_ReadsTheTransposedLayout()
    {
        // [1, 4 + 3, 2]: candidate 0 is a motorcycle, candidate 1 scores too low.
        float[] data =
        [
            200, 5, // cx
            100, 5, // cy
            40, 2, // w
            60, 2, // h
            0.1f, 0.2f, // car
            0.7f, 0.1f, // motorcycle
            0.2f, 0.1f, // person
        ];
        using var outputs = new SyntheticOutputs().Add("output0", data, 1, 7, 2);
        var candidates = new List<Detection>();

        new YoloV8Decoder().Decode(outputs.Build(), 640, 640, Thresholds, candidates);

        var found = Assert.Single(candidates);
        Assert.Equal(new Detection(new BoundingBox(180, 70, 220, 130), 1, 0.7f), found);
    }

    [Fact]
    public void NanoDetDecoder_TakesTheExpectedDistanceOfEachSide()
    {
        const int size = 64; // cells: 64 (stride 8), 16 (16), 4 (32)
        var outputs = new SyntheticOutputs();
        foreach (var (stride, cells) in new[] { (8, 64), (16, 16), (32, 4) })
        {
            var scores = new float[cells * 3];
            var distances = new float[cells * 32];
            if (stride == 16)
            {
                const int cell = 5; // row 1, column 1: centre (24, 24)
                scores[cell * 3 + 2] = 0.6f;
                for (var side = 0; side < 4; side++)
                {
                    distances[cell * 32 + side * 8 + side + 1] = 50f; // a one-hot bin: distance (side + 1) × 16
                }
            }

            outputs.Add($"cls_pred_stride_{stride}", scores, 1, cells, 3).Add($"dis_pred_stride_{stride}", distances, 1, cells, 32);
        }

        using (outputs)
        {
            var candidates = new List<Detection>();
            new NanoDetDecoder().Decode(outputs.Build(), size, size, Thresholds, candidates);

            var found = Assert.Single(candidates);
            Assert.Equal(2, found.ClassId);
            Assert.Equal(24 - 16, found.Box.Left, 2);
            Assert.Equal(24 - 32, found.Box.Top, 2);
            Assert.Equal(24 + 48, found.Box.Right, 2);
            Assert.Equal(24 + 64, found.Box.Bottom, 2);
        }
    }
}
