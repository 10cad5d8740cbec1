using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Privacy;

/// <summary>
/// YuNet (OpenCV Zoo) face detector on ONNX Runtime: BGR 0–255 at the image's own scale (capped at
/// <see cref="FaceDetectorOptions.MaxLongSide"/>), padded to a multiple of 32; per stride 8/16/32 the head gives
/// class, objectness, box and landmark maps. A large image is also searched in tiles at up to
/// <see cref="FaceDetectorOptions.DetailLongSide"/>, and the faces of both passes merged by NMS. Thread-safe (one
/// session, concurrent <c>Run</c> calls).
/// </summary>
public sealed class FaceDetector : IDisposable
{
    private const int Alignment = 32;
    private const int MaxFaces = 1000;
    // The detail pass runs only where it sees faces at least this much larger than the whole-image pass does.
    private const float MinDetailGain = 1.5f;
    private static readonly int[] Strides = [8, 16, 32];
    private static readonly PreprocessingSpec Preprocessing = new(
        ChannelOrder.Bgr, 1f, [0f, 0f, 0f], [1f, 1f, 1f], LetterboxPlacement.TopLeft, 0);

    private readonly ModelSession _session;
    private readonly bool _ownsSession;
    private readonly InputTensorWriter _tensorWriter = new(Preprocessing);
    private readonly FaceDetectorOptions _options;
    private readonly string[] _outputNames;

    /// <summary>A detector with a session of its own (tools and tests).</summary>
    public FaceDetector(FaceDetectorOptions options, string modelDirectory)
        : this(options, ModelSession.Load(ModelDirectory.FileIn(modelDirectory, options.ModelPath), options.Inference), ownsSession: true)
    {
    }

    /// <summary>A detector on a shared session (which it does not dispose).</summary>
    public FaceDetector(FaceDetectorOptions options, ModelSession session)
        : this(options, session, ownsSession: false)
    {
    }

    private FaceDetector(FaceDetectorOptions options, ModelSession session, bool ownsSession)
    {
        _options = options;
        _session = session;
        _ownsSession = ownsSession;
        try
        {
            Model = session.Identity;
            _outputNames = Strides.SelectMany(stride => new[] { $"cls_{stride}", $"obj_{stride}", $"bbox_{stride}" }).ToArray();
            var missing = _outputNames.Except(session.OutputNames).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException(
                    $"'{session.Path}' is not a YuNet face model: outputs {string.Join(", ", missing)} are missing (it has {string.Join(", ", session.OutputNames)}).");
            }

            session.WarmUp(1, 3, Alignment * 10, Alignment * 10);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ModelIdentity Model { get; }

    /// <summary>Faces in an 8-bit BGR image, best first, boxes in that image's pixels.</summary>
    public IReadOnlyList<FaceDetection> Detect(Mat bgrImage) => Detect(bgrImage, _options.ScoreThreshold);

    /// <summary>Faces scoring at least <paramref name="scoreThreshold"/> (redaction asks with a lower one than reporting).</summary>
    /// <param name="searchTiles">Search a large image's tiles too (<see cref="FaceDetectorOptions.DetailLongSide"/>).</param>
    public IReadOnlyList<FaceDetection> Detect(Mat bgrImage, float scoreThreshold, bool searchTiles = true)
    {
        ArgumentNullException.ThrowIfNull(bgrImage);
        if (bgrImage.Empty())
        {
            return [];
        }

        var candidates = new List<Detection>();
        var whole = new Rect(0, 0, bgrImage.Width, bgrImage.Height);
        var wholeScale = ScaleFor(bgrImage.Width, bgrImage.Height, _options.MaxLongSide);
        DetectIn(bgrImage, whole, wholeScale, scoreThreshold, candidates);
        var detailScale = ScaleFor(bgrImage.Width, bgrImage.Height, _options.DetailLongSide);
        if (searchTiles && detailScale >= wholeScale * MinDetailGain)
        {
            foreach (var tile in DetailTiles(bgrImage.Width, bgrImage.Height, detailScale))
            {
                DetectIn(bgrImage, tile, detailScale, scoreThreshold, candidates);
            }
        }

        var kept = new List<Detection>();
        NonMaxSuppression.Apply(candidates, _options.NmsIouThreshold, MaxFaces, kept);
        return kept.Select(face => new FaceDetection(face.Box.ClampTo(bgrImage.Width, bgrImage.Height), face.Confidence)).ToList();
    }

    public void Dispose()
    {
        if (_ownsSession)
        {
            _session.Dispose();
        }
    }

    private static void Decode(ReadOnlySpan<float> classScores, ReadOnlySpan<float> objectness, ReadOnlySpan<float> boxes,
        int stride, in LetterboxTransform transform, float scoreThreshold, List<Detection> candidates)
    {
        var columns = transform.CanvasWidth / stride;
        var rows = transform.CanvasHeight / stride;
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var index = row * columns + column;
                var score = MathF.Sqrt(Math.Clamp(classScores[index], 0f, 1f) * Math.Clamp(objectness[index], 0f, 1f));
                if (score < scoreThreshold)
                {
                    continue;
                }

                var box = boxes.Slice(index * 4, 4);
                var centerX = (column + box[0]) * stride;
                var centerY = (row + box[1]) * stride;
                var width = MathF.Exp(box[2]) * stride;
                var height = MathF.Exp(box[3]) * stride;
                candidates.Add(new Detection(BoundingBox.FromCenter(centerX, centerY, width, height), 0, score));
            }
        }
    }

    /// <summary>Runs the model on one region of the image seen at <paramref name="scale"/>; boxes in the image's pixels.</summary>
    private void DetectIn(Mat bgrImage, Rect region, float scale, float scoreThreshold, List<Detection> candidates)
    {
        using var view = new Mat(bgrImage, region);
        var transform = LetterboxTransform.Fit(region.Width, region.Height,
            AlignUp((int)MathF.Round(region.Width * scale)), AlignUp((int)MathF.Round(region.Height * scale)), LetterboxPlacement.TopLeft);
        using var input = _session.RentInput<float>(1, 3, transform.CanvasHeight, transform.CanvasWidth);
        _tensorWriter.Write(view, transform, input.Span);
        using var outputs = _session.Run([input.Value], _outputNames);
        var found = new List<Detection>();
        for (var level = 0; level < Strides.Length; level++)
        {
            Decode(outputs[3 * level].GetTensorDataAsSpan<float>(), outputs[3 * level + 1].GetTensorDataAsSpan<float>(),
                outputs[3 * level + 2].GetTensorDataAsSpan<float>(), Strides[level], transform, scoreThreshold, found);
        }

        foreach (var face in found)
        {
            var box = transform.ToSource(face.Box);
            candidates.Add(face with { Box = new BoundingBox(box.Left + region.X, box.Top + region.Y, box.Right + region.X, box.Bottom + region.Y) });
        }
    }

    /// <summary>
    /// Overlapping tiles, in the image's pixels, that each become a canvas of at most <see cref="FaceDetectorOptions.MaxLongSide"/>
    /// a side at <paramref name="scale"/>; they overlap by an eighth of a tile, more than the faces the whole pass misses.
    /// </summary>
    private IEnumerable<Rect> DetailTiles(int width, int height, float scale)
    {
        var tileSide = (int)(_options.MaxLongSide / scale);
        var overlap = tileSide / 8;
        foreach (var top in TileStarts(height, tileSide, overlap))
        {
            foreach (var left in TileStarts(width, tileSide, overlap))
            {
                yield return new Rect(left, top, Math.Min(tileSide, width - left), Math.Min(tileSide, height - top));
            }
        }
    }

    /// <summary>Where tiles start along one side: as few as cover it with at least the overlap, spread evenly.</summary>
    private static IEnumerable<int> TileStarts(int length, int tileSide, int overlap)
    {
        if (length <= tileSide)
        {
            return [0];
        }

        var count = (int)Math.Ceiling((double)(length - overlap) / (tileSide - overlap));
        return Enumerable.Range(0, count).Select(i => (int)Math.Round((double)i * (length - tileSide) / (count - 1)));
    }

    private static float ScaleFor(int width, int height, int longSide) => Math.Min(1f, (float)longSide / Math.Max(width, height));

    private static int AlignUp(int value) => Math.Max(Alignment, (value + Alignment - 1) / Alignment * Alignment);
}
