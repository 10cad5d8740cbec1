using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Privacy;

/// <summary>
/// Makes regions of an image unrecognisable: each region (grown by a margin) is pixelated to a few coarse blocks and
/// then blurred, which defeats both people and face detectors. Pixels outside the grown regions are untouched.
/// </summary>
public static class RegionObscurer
{
    /// <summary>How much each region grows on every side, as a fraction of its width/height (faces' hair and ears, plate frames).</summary>
    public const float Margin = 0.3f;

    private const int BlocksAcross = 3;

    /// <summary>Obscures the regions in place; returns the pixel rectangles actually changed.</summary>
    public static IReadOnlyList<Rect> Obscure(Mat bgrImage, IEnumerable<BoundingBox> regions)
    {
        ArgumentNullException.ThrowIfNull(bgrImage);
        ArgumentNullException.ThrowIfNull(regions);
        var imageWidth = bgrImage.Width;
        var imageHeight = bgrImage.Height;
        var changed = new List<Rect>();
        foreach (var region in regions)
        {
            var rect = Grow(region, imageWidth, imageHeight);
            if (rect.Width < 2 || rect.Height < 2)
            {
                continue;
            }

            using var roi = new Mat(bgrImage, rect);
            var blockSide = Math.Max(1, Math.Max(rect.Width, rect.Height) / BlocksAcross);
            using var coarse = new Mat();
            Cv2.Resize(roi, coarse, new Size(Math.Max(1, rect.Width / blockSide), Math.Max(1, rect.Height / blockSide)), 0, 0, InterpolationFlags.Area);
            using var blocks = new Mat();
            Cv2.Resize(coarse, blocks, rect.Size, 0, 0, InterpolationFlags.Nearest);
            var kernel = (blockSide | 1) + 2;
            Cv2.GaussianBlur(blocks, roi, new Size(kernel, kernel), 0);
            changed.Add(rect);
        }

        return changed;
    }

    /// <summary>The pixel rectangle <see cref="Obscure"/> changes for a region.</summary>
    public static Rect Grow(BoundingBox region, int imageWidth, int imageHeight)
    {
        var grown = new BoundingBox(
            region.Left - region.Width * Margin, region.Top - region.Height * Margin,
            region.Right + region.Width * Margin, region.Bottom + region.Height * Margin).ClampTo(imageWidth, imageHeight);
        var left = (int)MathF.Floor(grown.Left);
        var top = (int)MathF.Floor(grown.Top);
        return new Rect(left, top, (int)MathF.Ceiling(grown.Right) - left, (int)MathF.Ceiling(grown.Bottom) - top);
    }
}
