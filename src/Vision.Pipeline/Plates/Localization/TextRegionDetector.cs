using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// PP-OCRv4 DBNet text detector: probability map → binarise → contours → min-area boxes → mean-probability score →
/// unclip. Thread-safe (one ONNX Runtime session, concurrent <c>Run</c> calls).
/// </summary>
public sealed class TextRegionDetector : IDisposable
{
    private const int Alignment = 32;

    // PaddleOCR normalises in the order the image was read (BGR) with ImageNet statistics listed as given.
    private static readonly PreprocessingSpec Preprocessing = new(
        ChannelOrder.Bgr, 1f / 255f, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], LetterboxPlacement.TopLeft, 0);

    private readonly ModelSession _session;
    private readonly bool _ownsSession;
    private readonly InputTensorWriter _tensorWriter = new(Preprocessing);
    private readonly TextRegionDetectorOptions _options;

    /// <summary>A detector with a session of its own (tools and tests).</summary>
    public TextRegionDetector(TextRegionDetectorOptions options, string modelDirectory)
        : this(options, ModelSession.Load(ModelDirectory.FileIn(modelDirectory, options.ModelPath), options.Inference), ownsSession: true)
    {
    }

    /// <summary>A detector on a shared session (which it does not dispose).</summary>
    public TextRegionDetector(TextRegionDetectorOptions options, ModelSession session)
        : this(options, session, ownsSession: false)
    {
    }

    private TextRegionDetector(TextRegionDetectorOptions options, ModelSession session, bool ownsSession)
    {
        _options = options;
        _session = session;
        _ownsSession = ownsSession;
        try
        {
            Model = session.Identity;
            session.WarmUp(1, 3, Alignment * 3, Alignment * 6);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ModelIdentity Model { get; }

    /// <summary>Text lines in an 8-bit BGR image, best score first; boxes are in that image's pixels.</summary>
    public IReadOnlyList<TextRegion> Detect(Mat bgrImage)
    {
        ArgumentNullException.ThrowIfNull(bgrImage);
        if (bgrImage.Empty())
        {
            return [];
        }

        var transform = PlanInput(bgrImage.Width, bgrImage.Height);
        var planeLength = transform.CanvasWidth * transform.CanvasHeight;
        using var input = _session.RentInput<float>(1, 3, transform.CanvasHeight, transform.CanvasWidth);
        _tensorWriter.Write(bgrImage, transform, input.Span);
        using var outputs = _session.Run([input.Value]);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>();
        using var probabilityMap = new Mat(transform.CanvasHeight, transform.CanvasWidth, MatType.CV_32FC1);
        probabilities[..planeLength].CopyTo(probabilityMap.AsSpan<float>());
        return ExtractRegions(probabilityMap, transform);
    }

    public void Dispose()
    {
        if (_ownsSession)
        {
            _session.Dispose();
        }
    }

    private LetterboxTransform PlanInput(int width, int height)
    {
        var scale = (float)_options.LongSide / Math.Max(width, height);
        var canvasWidth = AlignUp((int)MathF.Round(width * scale));
        var canvasHeight = AlignUp((int)MathF.Round(height * scale));
        return LetterboxTransform.Fit(width, height, canvasWidth, canvasHeight, LetterboxPlacement.TopLeft);
    }

    private List<TextRegion> ExtractRegions(Mat probabilityMap, in LetterboxTransform transform)
    {
        using var binary = new Mat();
        Cv2.Threshold(probabilityMap, binary, _options.PixelThreshold, 255, ThresholdTypes.Binary);
        using var mask = new Mat();
        binary.ConvertTo(mask, MatType.CV_8UC1);
        Cv2.FindContours(mask, out var contours, out _, RetrievalModes.List, ContourApproximationModes.ApproxSimple);

        var regions = new List<TextRegion>();
        foreach (var contour in contours.Take(_options.MaxRegions * 5))
        {
            var kernel = Cv2.MinAreaRect(contour);
            if (Math.Min(kernel.Size.Width, kernel.Size.Height) < _options.MinimumSide)
            {
                continue;
            }

            var score = MeanInside(probabilityMap, contour);
            if (score < _options.BoxThreshold)
            {
                continue;
            }

            var grown = Unclip(kernel, _options.UnclipRatio);
            if (Math.Min(grown.Size.Width, grown.Size.Height) < _options.MinimumSide + 2)
            {
                continue;
            }

            var box = ToSource(grown, transform);
            var bounds = BoundsOf(box).ClampTo(transform.SourceWidth, transform.SourceHeight);
            regions.Add(new TextRegion(box, bounds, score));
        }

        regions.Sort((a, b) => b.Score.CompareTo(a.Score));
        return regions.Count > _options.MaxRegions ? regions[.._options.MaxRegions] : regions;
    }

    private static float MeanInside(Mat probabilityMap, Point[] contour)
    {
        var rect = Cv2.BoundingRect(contour).Intersect(new Rect(0, 0, probabilityMap.Width, probabilityMap.Height));
        if (rect.Width <= 0 || rect.Height <= 0)
        {
            return 0;
        }

        using var roi = new Mat(probabilityMap, rect);
        using var polygon = new Mat(rect.Height, rect.Width, MatType.CV_8UC1, Scalar.All(0));
        var shifted = contour.Select(point => new Point(point.X - rect.X, point.Y - rect.Y)).ToArray();
        Cv2.FillPoly(polygon, [shifted], Scalar.All(1));
        return (float)Cv2.Mean(roi, polygon).Val0;
    }

    /// <summary>
    /// DBNet predicts a shrunk text kernel; growing a rectangle's polygon outwards by d = area × ratio / perimeter
    /// (what PaddleOCR's pyclipper offset does) makes each side 2d longer.
    /// </summary>
    private static RotatedRect Unclip(RotatedRect kernel, float ratio)
    {
        var width = kernel.Size.Width;
        var height = kernel.Size.Height;
        var distance = width * height * ratio / (2 * (width + height));
        return new RotatedRect(kernel.Center, new Size2f(width + 2 * distance, height + 2 * distance), kernel.Angle);
    }

    private static RotatedRect ToSource(RotatedRect box, in LetterboxTransform transform) => new(
        new Point2f((box.Center.X - transform.OffsetX) / transform.Scale, (box.Center.Y - transform.OffsetY) / transform.Scale),
        new Size2f(box.Size.Width / transform.Scale, box.Size.Height / transform.Scale),
        box.Angle);

    private static BoundingBox BoundsOf(RotatedRect box)
    {
        var points = box.Points();
        return new BoundingBox(points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y));
    }

    private static int AlignUp(int value) => Math.Max(Alignment, (value + Alignment - 1) / Alignment * Alignment);
}
