using OpenCvSharp;

namespace Vision.Pipeline.Tests.Support;

/// <summary>Scripted test images made in code: mosaics of real photos, crafted headers.</summary>
public static class SyntheticImages
{
    /// <summary>A dense street: the photo repeated n × n, then halved, so each object is small and far away.</summary>
    public static Mat DenseMosaic(Mat photo, int tilesPerSide)
    {
        var row = new Mat();
        Cv2.HConcat(Enumerable.Repeat(photo, tilesPerSide).ToArray(), row);
        using var grid = new Mat();
        Cv2.VConcat(Enumerable.Repeat(row, tilesPerSide).ToArray(), grid);
        row.Dispose();
        var halved = new Mat();
        Cv2.Resize(grid, halved, new Size(grid.Width / 2, grid.Height / 2), 0, 0, InterpolationFlags.Area);
        return halved;
    }

    /// <summary>A small real JPEG whose SOF0 header claims the given size: a decompression bomb that must be refused unread.</summary>
    public static byte[] JpegClaiming(int width, int height)
    {
        using var small = new Mat(64, 64, MatType.CV_8UC3, new Scalar(40, 120, 200));
        Cv2.ImEncode(".jpg", small, out var bytes);
        for (var i = 0; i + 8 < bytes.Length; i++)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == 0xC0)
            {
                bytes[i + 5] = (byte)(height >> 8);
                bytes[i + 6] = (byte)height;
                bytes[i + 7] = (byte)(width >> 8);
                bytes[i + 8] = (byte)width;
                return bytes;
            }
        }

        throw new InvalidOperationException("No SOF0 marker in the encoded JPEG.");
    }

    public static byte[] Jpeg(int width, int height)
    {
        using var image = new Mat(height, width, MatType.CV_8UC3, new Scalar(90, 90, 90));
        Cv2.ImEncode(".jpg", image, out var bytes);
        return bytes;
    }
}
