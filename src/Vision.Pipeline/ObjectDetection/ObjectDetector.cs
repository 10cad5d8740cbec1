using System.Buffers;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection.Decoders;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>
/// A detection model on ONNX Runtime: letterbox, inference, decoding and class-aware NMS. Thread-safe: concurrent
/// calls run concurrently on one session (no lock around <c>Run</c>), each with its own pooled input buffer.
/// </summary>
public sealed class ObjectDetector : IDisposable
{
    private readonly InferenceSession _session;
    [ThreadStatic]
    private static List<Detection>? t_candidates;

    private readonly RunOptions _runOptions = new();
    private readonly SemaphoreSlim _runSlots;
    private readonly IDetectionDecoder _decoder;
    private readonly InputTensorWriter _tensorWriter;
    private readonly ConfidenceThresholds _thresholds;
    private readonly DetectorOptions _options;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _fixedWidth;
    private readonly int _fixedHeight;

    public ObjectDetector(DetectorOptions options, string modelDirectory)
    {
        _options = options;
        ConcurrentRunLimit = options.ConcurrentRunLimit;
        _runSlots = new SemaphoreSlim(ConcurrentRunLimit, ConcurrentRunLimit);
        if (options.Tiles is { } tiles)
        {
            System.ComponentModel.DataAnnotations.Validator.ValidateObject(tiles, new(tiles), validateAllProperties: true);
        }

        var modelPath = Path.IsPathRooted(options.ModelPath) ? options.ModelPath : Path.Combine(modelDirectory, options.ModelPath);
        Classes = options.ClassNames.Count > 0 ? new ObjectClasses(options.ClassNames) : ObjectClasses.Coco;
        _thresholds = new ConfidenceThresholds(Classes, options.ConfidenceThreshold, options.ClassConfidenceThresholds);
        _decoder = DetectionDecoders.For(options.Format);
        _tensorWriter = new InputTensorWriter(options.BuildPreprocessing());
        _session = InferenceSessionFactory.Create(modelPath, options.Inference);
        try
        {
            Model = ModelIdentity.OfFile(options.Name ?? Path.GetFileNameWithoutExtension(modelPath), modelPath);
            (_inputNames, _fixedWidth, _fixedHeight) = ReadInput(_session, modelPath);
            _outputNames = [.. _session.OutputMetadata.Keys];
            ExecutionProvider = options.Inference.ExecutionProvider;
            WarmUp();
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            _runSlots.Dispose();
            throw;
        }
    }

    public ModelIdentity Model { get; }

    /// <summary>How many inferences may run on this detector at once (<see cref="DetectorOptions.ConcurrentRunLimit"/>).</summary>
    public int ConcurrentRunLimit { get; }

    public ObjectClasses Classes { get; }

    public ExecutionProvider ExecutionProvider { get; }

    /// <summary>True when the model takes any input size (the high-resolution mode uses this).</summary>
    public bool HasDynamicInput => _fixedWidth <= 0;

    /// <summary>The canvas a source image of this size is letterboxed onto.</summary>
    public LetterboxTransform PlanInput(int sourceWidth, int sourceHeight)
    {
        if (!HasDynamicInput)
        {
            return LetterboxTransform.Fit(sourceWidth, sourceHeight, _fixedWidth, _fixedHeight, _tensorWriter.Placement);
        }

        var size = _options.InputSize;
        var scale = MathF.Min((float)size / sourceWidth, (float)size / sourceHeight);
        var canvasWidth = AlignUp((int)MathF.Round(sourceWidth * scale), _options.StrideAlignment);
        var canvasHeight = AlignUp((int)MathF.Round(sourceHeight * scale), _options.StrideAlignment);
        return LetterboxTransform.Fit(sourceWidth, sourceHeight, canvasWidth, canvasHeight, _tensorWriter.Placement);
    }

    /// <summary>The size a source image must at least be decoded at for this detector to see all it can (its tiles included).</summary>
    public (int Width, int Height) PixelsNeeded(int sourceWidth, int sourceHeight)
    {
        if (TilesFor(sourceWidth) is { } tiles)
        {
            var tile = PlanInput(TileSide(sourceWidth, tiles.Columns, tiles.Overlap), TileSide(sourceHeight, tiles.Rows, tiles.Overlap));
            return (Math.Min(sourceWidth, tile.ResizedWidth * tiles.Columns), Math.Min(sourceHeight, tile.ResizedHeight * tiles.Rows));
        }

        var whole = PlanInput(sourceWidth, sourceHeight);
        return (whole.ResizedWidth, whole.ResizedHeight);
    }

    /// <summary>Finds objects in an 8-bit BGR image; boxes are in that image's pixels.</summary>
    public DetectionResult Detect(Mat bgrImage) =>
        TilesFor(bgrImage.Width) is { } tiles ? DetectTiled(bgrImage, tiles) : DetectWhole(bgrImage);

    private TileOptions? TilesFor(int sourceWidth) =>
        _options.Tiles is { } tiles && sourceWidth >= tiles.MinSourceWidth && tiles.Columns * tiles.Rows > 1 ? tiles : null;

    private static int TileSide(int side, int count, double overlap) =>
        Math.Min(side, (int)Math.Ceiling(side / (count - (count - 1) * overlap)));

    // The whole frame, then every tile; a tile's box touching an edge it shares with a neighbour is cut off there and
    // left to the neighbour or the whole-frame pass.
    private DetectionResult DetectTiled(Mat bgrImage, TileOptions tiles)
    {
        var whole = DetectWhole(bgrImage);
        var candidates = new List<Detection>(whole.Detections);
        var (preprocess, inference, postprocess) = (whole.Timings.Preprocess, whole.Timings.Inference, whole.Timings.Postprocess);
        var tileWidth = TileSide(bgrImage.Width, tiles.Columns, tiles.Overlap);
        var tileHeight = TileSide(bgrImage.Height, tiles.Rows, tiles.Overlap);
        for (var row = 0; row < tiles.Rows; row++)
        {
            for (var column = 0; column < tiles.Columns; column++)
            {
                var left = tiles.Columns == 1 ? 0 : (int)Math.Round((double)(bgrImage.Width - tileWidth) * column / (tiles.Columns - 1));
                var top = tiles.Rows == 1 ? 0 : (int)Math.Round((double)(bgrImage.Height - tileHeight) * row / (tiles.Rows - 1));
                using var tile = new Mat(bgrImage, new Rect(left, top, tileWidth, tileHeight));
                var found = DetectWhole(tile);
                (preprocess, inference, postprocess) = (preprocess + found.Timings.Preprocess, inference + found.Timings.Inference, postprocess + found.Timings.Postprocess);
                foreach (var detection in found.Detections)
                {
                    var box = detection.Box;
                    var cut = (column > 0 && box.Left <= 2) || (column < tiles.Columns - 1 && box.Right >= tileWidth - 2)
                              || (row > 0 && box.Top <= 2) || (row < tiles.Rows - 1 && box.Bottom >= tileHeight - 2);
                    if (!cut)
                    {
                        candidates.Add(detection with { Box = new BoundingBox(box.Left + left, box.Top + top, box.Right + left, box.Bottom + top) });
                    }
                }
            }
        }

        var kept = new List<Detection>(Math.Min(candidates.Count, _options.MaxDetections));
        NonMaxSuppression.Apply(candidates, _options.IouThreshold, _options.MaxDetections, kept);
        return whole with { Detections = kept, Timings = new DetectionTimings(preprocess, inference, postprocess) };
    }

    private DetectionResult DetectWhole(Mat bgrImage)
    {
        var start = Stopwatch.GetTimestamp();
        var transform = PlanInput(bgrImage.Width, bgrImage.Height);
        var length = 3 * transform.CanvasWidth * transform.CanvasHeight;
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            _tensorWriter.Write(bgrImage, transform, buffer.AsSpan(0, length));
            var afterPreprocess = Stopwatch.GetTimestamp();

            using var input = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, length), [1, 3, transform.CanvasHeight, transform.CanvasWidth]);
            _runSlots.Wait();
            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = _session.Run(_runOptions, _inputNames, [input], _outputNames);
            }
            finally
            {
                _runSlots.Release();
            }

            using var ownedOutputs = outputs;
            var afterInference = Stopwatch.GetTimestamp();
            var detections = DecodeAndSuppress(new ModelOutputs(_outputNames, outputs), transform);
            var end = Stopwatch.GetTimestamp();
            var timings = new DetectionTimings(
                Stopwatch.GetElapsedTime(start, afterPreprocess),
                Stopwatch.GetElapsedTime(afterPreprocess, afterInference),
                Stopwatch.GetElapsedTime(afterInference, end));
            return new DetectionResult(detections, Classes, Model, ExecutionProvider, transform, timings);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes raw outputs into NMS-filtered detections in source pixels (exposed for benchmarks).</summary>
    public List<Detection> DecodeAndSuppress(ModelOutputs outputs, in LetterboxTransform transform)
    {
        // Candidates never leave this call: one list per thread, reused, instead of one per frame.
        var candidates = t_candidates ??= new List<Detection>(256);
        candidates.Clear();
        _decoder.Decode(outputs, transform.CanvasWidth, transform.CanvasHeight, _thresholds, candidates);
        var kept = new List<Detection>(Math.Min(candidates.Count, _options.MaxDetections));
        NonMaxSuppression.Apply(candidates, _options.IouThreshold, _options.MaxDetections, kept);
        for (var i = 0; i < kept.Count; i++)
        {
            kept[i] = kept[i] with { Box = transform.ToSource(kept[i].Box) };
        }

        return kept;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
        _runSlots.Dispose();
    }

    private void WarmUp()
    {
        using var gray = new Mat(480, 640, MatType.CV_8UC3, new Scalar(114, 114, 114));
        Detect(gray);
    }

    private static (string[] InputNames, int Width, int Height) ReadInput(InferenceSession session, string modelPath)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new InvalidOperationException($"Detector model '{modelPath}' must have one input; it has {session.InputMetadata.Count}.");
        }

        var (name, metadata) = session.InputMetadata.First();
        var dimensions = metadata.Dimensions;
        if (metadata.ElementType != typeof(float) || dimensions.Length != 4 || (dimensions[1] != 3 && dimensions[1] > 0))
        {
            throw new InvalidOperationException(
                $"Detector model '{modelPath}' input '{name}' must be float [N,3,H,W]; it is {metadata.ElementType.Name} [{string.Join(",", dimensions)}].");
        }

        return ([name], dimensions[3], dimensions[2]);
    }

    private static int AlignUp(int value, int alignment) => Math.Max(alignment, (value + alignment - 1) / alignment * alignment);
}
