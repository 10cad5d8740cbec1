using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// The licence-clean plate locator: text lines from the PP-OCR detector, kept when their size, shape and position look
/// like a plate; two stacked lines of similar width become one two-line plate (<c>29-B1</c> over <c>256.62</c>), and so
/// does one region as square as a two-line plate (its lines merged when seen small).
/// Rows of text spanning most of the crop (shop signs, burned-in camera overlays) are rejected.
/// </summary>
public sealed class TextPlateLocator : IPlateLocator
{
    private readonly TextRegionDetector _textDetector;
    private readonly TextPlateLocatorOptions _options;

    public TextPlateLocator(TextRegionDetector textDetector, TextPlateLocatorOptions? options = null)
    {
        _textDetector = textDetector;
        _options = options ?? new TextPlateLocatorOptions();
        Models = [textDetector.Model];
    }

    public IReadOnlyList<ModelIdentity> Models { get; }

    /// <summary>
    /// A text line's box is already about 25 % wider than the plate and 5 % taller
    /// (<see cref="VehiclePlateFinderOptions.HorizontalReadingMargin"/>): 10 % more above and below only.
    /// </summary>
    public PlateReadingMargin ReadingMargin { get; } = new() { Horizontal = 0, Vertical = 0.10f };

    public IReadOnlyList<PlateCandidate> Locate(Mat vehicleCrop)
    {
        ArgumentNullException.ThrowIfNull(vehicleCrop);
        var width = vehicleCrop.Width;
        var height = vehicleCrop.Height;
        var regions = _textDetector.Detect(vehicleCrop);
        var lines = regions.Where(region => !InOverlayRow(region, regions, width) && region.Bounds.Height >= _options.MinimumHeightPixels / 2f).ToList();

        var candidates = new List<(BoundingBox Text, RotatedRect Box, PlateLayout Layout, float Score)>();
        var stacked = new HashSet<TextRegion>();
        for (var i = 0; i < lines.Count; i++)
        {
            for (var j = 0; j < lines.Count; j++)
            {
                if (i != j && AreStackedLines(lines[i], lines[j]))
                {
                    var box = Cv2.MinAreaRect([.. lines[i].Box.Points(), .. lines[j].Box.Points()]);
                    var bounds = Union(lines[i].Bounds, lines[j].Bounds);
                    candidates.Add((bounds, box, PlateLayout.TwoLine, MathF.Min(lines[i].Score, lines[j].Score)));
                    stacked.Add(lines[i]);
                    stacked.Add(lines[j]);
                }
            }
        }

        foreach (var line in lines.Where(line => !stacked.Contains(line)))
        {
            // Seen small, the two lines of a square plate merge into one region as square as the plate.
            var aspect = line.Bounds.Width / MathF.Max(1, line.Bounds.Height);
            var layout = aspect < _options.MinimumOneLineAspect && aspect <= _options.MaximumTwoLineAspect ? PlateLayout.TwoLine : PlateLayout.OneLine;
            candidates.Add((line.Bounds, line.Box, layout, line.Score));
        }

        return candidates
            .Where(candidate => LooksLikePlate(candidate.Text, candidate.Layout, width, height))
            .Select(candidate => ToPlate(candidate.Text, candidate.Box, candidate.Layout, candidate.Score * PositionPrior(candidate.Text, width, height), width, height))
            .OrderByDescending(candidate => candidate.Score)
            .Take(_options.MaxCandidates)
            .ToList();
    }

    /// <summary>A line whose row (lines overlapping it vertically) covers most of the crop width is a sign or an overlay.</summary>
    private bool InOverlayRow(TextRegion line, IReadOnlyList<TextRegion> all, int cropWidth)
    {
        var covered = all
            .Where(other => VerticalOverlap(line.Bounds, other.Bounds) >= 0.5f * MathF.Min(line.Bounds.Height, other.Bounds.Height))
            .Sum(other => other.Bounds.Width);
        return covered > _options.OverlayRowWidthFraction * cropWidth;
    }

    private static bool AreStackedLines(TextRegion upper, TextRegion lower)
    {
        var a = upper.Bounds;
        var b = lower.Bounds;
        if (a.CenterY >= b.CenterY)
        {
            return false;
        }

        var narrow = MathF.Min(a.Width, b.Width);
        var horizontalOverlap = MathF.Min(a.Right, b.Right) - MathF.Max(a.Left, b.Left);
        var lineHeight = MathF.Max(a.Height, b.Height);
        var gap = b.Top - a.Bottom;
        // Unclipped boxes of adjacent lines overlap a little, so a negative gap is normal.
        return horizontalOverlap >= 0.6f * narrow
            && narrow >= 0.35f * MathF.Max(a.Width, b.Width)
            && gap <= 0.6f * lineHeight
            && gap >= -0.6f * MathF.Min(a.Height, b.Height)
            && MathF.Min(a.Height, b.Height) >= 0.4f * lineHeight;
    }

    private bool LooksLikePlate(BoundingBox text, PlateLayout layout, int cropWidth, int cropHeight)
    {
        var aspect = text.Width / MathF.Max(1, text.Height);
        var (minimumAspect, maximumAspect) = layout == PlateLayout.TwoLine
            ? (_options.MinimumTwoLineAspect, _options.MaximumTwoLineAspect)
            : (_options.MinimumOneLineAspect, _options.MaximumOneLineAspect);
        return aspect >= minimumAspect && aspect <= maximumAspect
            && text.Width >= _options.MinimumWidthFraction * cropWidth
            && text.Width <= _options.MaximumWidthFraction * cropWidth
            && text.Height >= _options.MinimumHeightPixels
            && text.CenterY >= _options.MinimumCenterY * cropHeight;
    }

    /// <summary>Plates are near the vehicle's vertical axis and in its lower part; off-centre text loses some score.</summary>
    private static float PositionPrior(BoundingBox text, int cropWidth, int cropHeight)
    {
        var offCentre = MathF.Abs(text.CenterX / cropWidth - 0.5f);
        var lowness = text.CenterY / cropHeight;
        return (1 - 0.6f * offCentre) * (lowness >= 0.4f ? 1f : 0.8f);
    }

    private PlateCandidate ToPlate(BoundingBox text, RotatedRect box, PlateLayout layout, float score, int cropWidth, int cropHeight)
    {
        var border = _options.BorderFraction;
        var grownBox = new RotatedRect(box.Center, new Size2f(box.Size.Width * (1 + 2 * border), box.Size.Height * (1 + 2 * border)), box.Angle);
        var grown = new BoundingBox(
            text.Left - border * text.Width, text.Top - border * text.Height,
            text.Right + border * text.Width, text.Bottom + border * text.Height).ClampTo(cropWidth, cropHeight);
        return new PlateCandidate(grown, PlateCorners.Order(grownBox.Points()), layout, score);
    }

    private static float VerticalOverlap(BoundingBox a, BoundingBox b) => MathF.Min(a.Bottom, b.Bottom) - MathF.Max(a.Top, b.Top);

    private static BoundingBox Union(BoundingBox a, BoundingBox b) =>
        new(MathF.Min(a.Left, b.Left), MathF.Min(a.Top, b.Top), MathF.Max(a.Right, b.Right), MathF.Max(a.Bottom, b.Bottom));
}
