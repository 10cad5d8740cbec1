using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Evaluation;

namespace Vision.Benchmarks;

/// <summary>
/// The small-plate reader on 10 plates a junction camera recorded 24 px high (vn_crops shrunk, with a street camera's
/// effects), read in one call: each crop alone, and in the service's five views (50 images, read
/// <see cref="FastPlateOcrReader.MaxCropsPerRun"/> at a time); and 50 plates read alone, for the cost of the views alone.
/// </summary>
[MemoryDiagnoser]
public class SmallPlateReaderBenchmarks
{
    private static readonly string[] s_plates =
    [
        "6xemay538.jpg", "3xemay708.jpg", "6xemay451.jpg", "12xemay1241.jpg", "ndata257.jpg",
        "6xemay538.jpg", "3xemay708.jpg", "6xemay451.jpg", "12xemay1241.jpg", "ndata257.jpg",
    ];

    private readonly List<Mat> _crops = [];
    private FastPlateOcrReader _reader = null!;
    private MultiViewPlateReader _views = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reader = new FastPlateOcrReader(Path.Combine(BenchmarkAssets.ModelDirectory, PlateReaderModels.VietnameseSmallModelFile), new InferenceOptions());
        _views = new MultiViewPlateReader(_reader, MultiViewPlateReader.MaxViews);
        foreach (var plate in s_plates)
        {
            _crops.Add(CameraDistance.Shrink(BenchmarkAssets.SampleImage($"plates/vn_crops/{plate}"), 24, new Random(StreetCameraRecording.SeedOf(plate))));
        }
    }

    [Benchmark(Baseline = true, Description = "10 plates, each crop alone")]
    public int ReadAlone() => _reader.Read(_crops).Count(read => read.Characters.Length > 0);

    [Benchmark(Description = "10 plates, five views each")]
    public int ReadInFiveViews() => _views.Read(_crops).Count(read => read.Characters.Length > 0);

    [Benchmark(Description = "50 plates (5 × 10), each crop alone")]
    public int ReadFiftyAlone() => _reader.Read([.. _crops, .. _crops, .. _crops, .. _crops, .. _crops]).Count(read => read.Characters.Length > 0);

    [GlobalCleanup]
    public void Cleanup()
    {
        _crops.ForEach(crop => crop.Dispose());
        _reader.Dispose();
    }
}
