using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Memory;

[Collection(NativeMemoryCollection.Name)]
public sealed class PlateRecognizerMemoryTests
{
    private const long MegaByte = 1024 * 1024;

    /// <summary>
    /// A 12 MP street photo gives the second-opinion reader dozens of wide crops (every vehicle × every reading margin);
    /// read in one inference run they held over 500 MB of activations at once.
    /// </summary>
    [Fact]
    public void Paddle_reads_many_wide_crops_within_a_bounded_peak_and_each_as_it_reads_alone()
    {
        using var paddle = new PaddleTextRecognizer(TestAssets.Model("ppocr/ch_PP-OCRv4_rec_infer.onnx"), TestAssets.Model("ppocr/ppocr_keys_v1.txt"), new InferenceOptions());
        using var crop = TestAssets.SampleImage("plates/vn_crops/3CarLongPlate941.jpg");
        var alone = paddle.Read([crop])[0];
        var crops = Enumerable.Repeat(crop, 96).ToList();

        IReadOnlyList<Domain.Plates.PlateRead> reads = [];
        var peak = PeakResidentMemory.Above(() => reads = paddle.Read(crops));

        Assert.Equal(96, reads.Count);
        Assert.All(reads, read => Assert.Equal(alone.Characters, read.Characters));
        Assert.True(peak < 150 * MegaByte, $"Reading 96 crops raised the peak resident set by {peak / MegaByte} MB.");
    }
}
