using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Runtime;

namespace Vision.Benchmarks;

/// <summary>The frame decode path: header check at ingest, then full or reduced-scale JPEG decode.</summary>
[MemoryDiagnoser]
public class JpegDecodeBenchmarks
{
    private byte[] _vga = null!;
    private byte[] _fullHd = null!;
    private SafeImageDecoder _headerCheck = null!;

    [GlobalSetup]
    public void Setup()
    {
        _vga = VtestClip.EncodedFrames(1)[0];
        _fullHd = VtestClip.EncodedFrames(1, new Size(1920, 1080))[0];
        _headerCheck = new SafeImageDecoder(new ImageLimits());
    }

    [Benchmark(Description = "header check (ingest), 768x576")]
    public bool InspectHeader() => _headerCheck.Inspect(_vga, out _) is null;

    [Benchmark(Baseline = true, Description = "decode 768x576")]
    public int DecodeVga()
    {
        using var image = ScaledJpegDecoder.Decode(_vga, ImreadModes.Color);
        return image.Width;
    }

    [Benchmark(Description = "decode 1920x1080 full")]
    public int DecodeFullHd()
    {
        using var image = ScaledJpegDecoder.Decode(_fullHd, ImreadModes.Color);
        return image.Width;
    }

    [Benchmark(Description = "decode 1920x1080 at 1/2 (enough for 416)")]
    public int DecodeFullHdReduced()
    {
        using var image = ScaledJpegDecoder.Decode(_fullHd, ScaledJpegDecoder.ModeFor(1920, 1080, 416, 234));
        return image.Width;
    }
}
