using OpenCvSharp;

namespace Vision.Benchmarks;

/// <summary>Frames of vtest.avi (768×576) JPEG-encoded as a gateway sends them.</summary>
public static class VtestClip
{
    public static List<byte[]> EncodedFrames(int count, Size? resizeTo = null)
    {
        var path = Path.Combine(BenchmarkAssets.SamplesDirectory, "video", "vtest.avi");
        using var capture = new VideoCapture(path);
        if (!capture.IsOpened())
        {
            throw new FileNotFoundException($"Cannot open {path}; the benchmarks need ../shared/samples.", path);
        }

        using var image = new Mat();
        using var resized = new Mat();
        var frames = new List<byte[]>();
        while (frames.Count < count && capture.Read(image) && !image.Empty())
        {
            var source = image;
            if (resizeTo is { } size)
            {
                Cv2.Resize(image, resized, size);
                source = resized;
            }

            Cv2.ImEncode(".jpg", source, out var jpeg, [(int)ImwriteFlags.JpegQuality, 90]);
            frames.Add(jpeg);
        }

        return frames;
    }
}
