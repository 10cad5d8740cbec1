using System.Diagnostics;
using OpenCvSharp;
using Vision.Pipeline.Runtime;

namespace Vision.Benchmarks;

/// <summary>Milliseconds to decode a 1080p camera JPEG in full and reduced by libjpeg's DCT scaling (1/2, 1/4).</summary>
public static class DecodeHarness
{
    public static void Run(int frames, TextWriter output)
    {
        var jpegs = VtestClip.EncodedFrames(frames, new Size(1920, 1080));
        output.WriteLine($"{jpegs.Count} vtest.avi frames scaled to 1920x1080, JPEG q90, one thread:");
        foreach (var (name, mode) in new[] { ("full", ImreadModes.Color), ("1/2 (ReducedColor2)", ImreadModes.ReducedColor2), ("1/4 (ReducedColor4)", ImreadModes.ReducedColor4) })
        {
            Decode(jpegs[0], mode);
            var clock = Stopwatch.StartNew();
            foreach (var jpeg in jpegs)
            {
                Decode(jpeg, mode);
            }

            output.WriteLine($"| decode {name} | {clock.Elapsed.TotalMilliseconds / jpegs.Count:F2} ms |");
        }
    }

    private static void Decode(byte[] jpeg, ImreadModes mode)
    {
        using var image = ScaledJpegDecoder.Decode(jpeg, mode);
    }
}
