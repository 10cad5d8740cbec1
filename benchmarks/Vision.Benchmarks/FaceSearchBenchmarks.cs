using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Vision.Pipeline.Privacy;

namespace Vision.Benchmarks;

/// <summary>
/// What the search for small faces in tiles costs a redaction: a 1080p camera key frame and a phone's 12 MP photo (the
/// street sample enlarged, with the crowd photo pasted at its own size), whole-image pass alone and with tiles.
/// </summary>
[MemoryDiagnoser]
public class FaceSearchBenchmarks
{
    private FaceDetector _faces = null!;
    private Mat _image = null!;

    [Params("1920x1080", "4032x3024")]
    public string Size { get; set; } = "";

    [Params(false, true)]
    public bool SearchTiles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _faces = new FaceDetector(new FaceDetectorOptions(), BenchmarkAssets.ModelDirectory);
        var sides = Size.Split('x').Select(int.Parse).ToArray();
        using var street = BenchmarkAssets.SampleImage("images/street_00001_ppvehicle.jpg");
        using var crowd = BenchmarkAssets.SampleImage("images/faces_group_ultraface_1.jpg");
        _image = street.Resize(new OpenCvSharp.Size(sides[0], sides[1]));
        crowd.CopyTo(_image[new Rect(new Point(sides[0] / 2, sides[1] / 3), crowd.Size())]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _image.Dispose();
        _faces.Dispose();
    }

    [Benchmark(Description = "faces for redaction")]
    public int Detect() => _faces.Detect(_image, PrivacyRedactor.DefaultFaceScoreThreshold, SearchTiles).Count;
}
