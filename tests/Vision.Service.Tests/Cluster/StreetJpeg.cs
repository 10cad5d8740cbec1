using OpenCvSharp;
using Vision.Pipeline.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>A real street photo scaled to a city camera's resolution and encoded as the camera would send it.</summary>
internal static class StreetJpeg
{
    /// <summary>1920×1080 at JPEG quality 90: about 680 KiB, as the JetStream throughput harness measures.</summary>
    public static byte[] FullHd() => Encode(1920, 1080, 90);

    public static byte[] Encode(int width, int height, int quality)
    {
        using var photo = Cv2.ImRead(TestAssets.Sample("images/street_00001_ppvehicle.jpg"));
        using var scaled = new Mat();
        Cv2.Resize(photo, scaled, new Size(width, height), interpolation: InterpolationFlags.Cubic);
        Cv2.ImEncode(".jpg", scaled, out var jpeg, [(int)ImwriteFlags.JpegQuality, quality]);
        return jpeg;
    }
}
