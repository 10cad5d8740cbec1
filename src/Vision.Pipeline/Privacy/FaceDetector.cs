using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Privacy;

/// <summary>
/// YuNet (OpenCV Zoo) face detector on ONNX Runtime: BGR 0–255 at the image's own scale (capped at
/// <see cref="FaceDetectorOptions.MaxLongSide"/>), padded to a multiple of 32; per stride 8/16/32 the head gives
/// class, objectness, box and landmark maps. Thread-safe (one session, concurrent <c>Run</c> calls).
/// </summary>
public sealed class FaceDetector : IDisposable
{
    private const int Alignment = 32;
    private const int MaxFaces = 1000;
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
    public IReadOnlyList<FaceDetection> Detect(Mat bgrImage, float scoreThreshold)
    {
        ArgumentNullException.ThrowIfNull(bgrImage);
        if (bgrImage.Empty())
        {
            return [];
        }

        var transform = PlanInput(bgrImage.Width, bgrImage.Height);
        using var input = _session.RentInput<float>(1, 3, transform.CanvasHeight, transform.CanvasWidth);
        _tensorWriter.Write(bgrImage, transform, input.Span);
        using var outputs = _session.Run([input.Value], _outputNames);
        var candidates = new List<Detection>();
        for (var level = 0; level < Strides.Length; level++)
        {
            Decode(outputs[3 * level].GetTensorDataAsSpan<float>(), outputs[3 * level + 1].GetTensorDataAsSpan<float>(),
                outputs[3 * level + 2].GetTensorDataAsSpan<float>(), Strides[level], transform, scoreThreshold, candidates);
        }

        var kept = new List<Detection>();
        NonMaxSuppression.Apply(candidates, _options.NmsIouThreshold, MaxFaces, kept);
        return kept.Select(face => new FaceDetection(transform.ToSource(face.Box).ClampTo(bgrImage.Width, bgrImage.Height), face.Confidence))
            .ToList();
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

    private LetterboxTransform PlanInput(int width, int height)
    {
        var scale = Math.Min(1f, (float)_options.MaxLongSide / Math.Max(width, height));
        var canvasWidth = AlignUp((int)MathF.Round(width * scale));
        var canvasHeight = AlignUp((int)MathF.Round(height * scale));
        return LetterboxTransform.Fit(width, height, canvasWidth, canvasHeight, LetterboxPlacement.TopLeft);
    }

    private static int AlignUp(int value) => Math.Max(Alignment, (value + Alignment - 1) / Alignment * Alignment);
}
