using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Evaluation;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates;

/// <summary>
/// The project's Vietnamese plate reader (training/plates, fine-tuned on synthetic plates only) against the generic
/// fast-plate-ocr model it started from, read alone on the real vn_crops it never saw, shrunk to heights a street
/// camera records: the fine-tune must have taught it small Vietnamese plates.
/// </summary>
public sealed class VietnameseReaderModelTests(PlateReaderFixture readers) : IClassFixture<PlateReaderFixture>
{
    [Theory]
    [InlineData(16)]
    [InlineData(20)]
    public void Trained_reader_reads_more_shrunk_vietnamese_crops_exactly_than_the_generic_one(int height)
    {
        using var trained = new FastPlateOcrReader(TestAssets.Model(PlateReaderModels.VietnameseModelFile), new InferenceOptions());

        var generic = ExactRate(readers.FastPlateOcr, height);
        var vietnamese = ExactRate(trained, height);

        Assert.True(vietnamese >= generic + 0.02, $"{height} px: trained {vietnamese:P1}, generic {generic:P1}");
    }

    private static double ExactRate(FastPlateOcrReader reader, int? shrinkTo)
    {
        var samples = LabelledPlateCrops.VietnameseCrops();
        var accuracy = new PlateAccuracy();
        try
        {
            foreach (var chunk in samples.Chunk(32))
            {
                var crops = chunk.Select(s => shrinkTo is { } height ? CameraDistance.Shrink(s.Crop.Clone(), height) : s.Crop.Clone()).ToList();
                try
                {
                    foreach (var (read, sample) in reader.Read(crops).Zip(chunk))
                    {
                        accuracy.Add(sample.Label, read.Characters);
                    }
                }
                finally
                {
                    crops.ForEach(crop => crop.Dispose());
                }
            }
        }
        finally
        {
            samples.ForEach(s => s.Crop.Dispose());
        }

        return accuracy.ExactMatchRate;
    }
}
