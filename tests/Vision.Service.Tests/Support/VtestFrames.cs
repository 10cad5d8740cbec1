using OpenCvSharp;
using Vision.Pipeline.Tests.Support;

namespace Vision.Service.Tests.Support;

/// <summary>The first frames of vtest.avi as JPEGs, encoded once, as a gateway would send them.</summary>
public static class VtestFrames
{
    private static readonly Lazy<IReadOnlyList<byte[]>> Frames = new(() =>
    {
        using var capture = new VideoCapture(TestAssets.Sample("video/vtest.avi"));
        using var image = new Mat();
        var frames = new List<byte[]>();
        while (frames.Count < 200 && capture.Read(image) && !image.Empty())
        {
            Cv2.ImEncode(".jpg", image, out var jpeg, [(int)ImwriteFlags.JpegQuality, 90]);
            frames.Add(jpeg);
        }

        return frames;
    });

    public static IReadOnlyList<byte[]> All => Frames.Value;

    public static byte[] Get(long index) => All[(int)(index % All.Count)];
}
