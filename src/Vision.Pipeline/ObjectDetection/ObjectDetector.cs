using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection.Decoders;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>
/// A detection model on a <see cref="ModelSession"/>: letterbox, inference, decoding and class-aware NMS. Its
/// thresholds apply after inference, so detectors with different thresholds or canvases share one session. Thread-safe:
/// concurrent calls run concurrently on the session, each with its own pooled input.
/// </summary>
public sealed class ObjectDetector : IFrameDetector, IDisposable
{
    [ThreadStatic]
    private static List<Detection>? t_candidates;

    private readonly ModelSession _session;
    private readonly bool _ownsSession;
    private readonly SemaphoreSlim _runSlots;
    private readonly IDetectionDecoder _decoder;
    private readonly InputTensorWriter _tensorWriter;
    private readonly ConfidenceThresholds _thresholds;
    private readonly DetectorOptions _options;
    private readonly int _fixedWidth;
    private readonly int _fixedHeight;

    /// <summary>A detector with a session of its own (tools and tests); the service shares sessions through <see cref="ModelSessions"/>.</summary>
    public ObjectDetector(DetectorOptions options, string modelDirectory)
        : this(options, ModelSession.Load(ModelDirectory.FileIn(modelDirectory, options.ModelPath), options.Inference), ownsSession: true)
    {
    }

    /// <summary>A detector on a shared session (which it does not dispose).</summary>
    public ObjectDetector(DetectorOptions options, ModelSession session)
        : this(options, session, ownsSession: false)
    {
    }

    private ObjectDetector(DetectorOptions options, ModelSession session, bool ownsSession)
    {
        _options = options;
        _session = session;
        _ownsSession = ownsSession;
        ConcurrentRunLimit = options.ConcurrentRunLimit;
        _runSlots = new SemaphoreSlim(ConcurrentRunLimit, ConcurrentRunLimit);
        try
        {
            if (options.Tiles is { } tiles)
            {
                System.ComponentModel.DataAnnotations.Validator.ValidateObject(tiles, new(tiles), validateAllProperties: true);
            }

            Classes = options.ClassNames.Count > 0 ? new ObjectClasses(options.ClassNames) : ObjectClasses.Coco;
            _thresholds = new ConfidenceThresholds(Classes, options.ConfidenceThreshold, options.ClassConfidenceThresholds);
            _decoder = DetectionDecoders.For(options.Format);
            _tensorWriter = new InputTensorWriter(options.BuildPreprocessing());
            Model = options.Name is { } name ? session.Identity with { Name = name } : session.Identity;
            (_fixedWidth, _fixedHeight, SupportsBatches) = ReadInput(session);
            WarmUp();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ModelIdentity Model { get; }

    /// <summary>The shared session this detector runs on.</summary>
    public ModelSession Session => _session;

    /// <summary>How many inferences may run on this detector at once (<see cref="DetectorOptions.ConcurrentRunLimit"/>).</summary>
    public int ConcurrentRunLimit { get; }

    public ObjectClasses Classes { get; }

    public ExecutionProvider ExecutionProvider => _session.ExecutionProvider;

    /// <summary>True when the model takes any input size (the high-resolution mode uses this).</summary>
    public bool HasDynamicInput => _fixedWidth <= 0;

    /// <summary>True when the model's batch dimension is dynamic, so one run may detect in several images.</summary>
    public bool SupportsBatches { get; }

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
            // Detect tiles by the width it is given: a frame decoded below MinSourceWidth would be detected whole.
            var tile = PlanInput(TileSide(sourceWidth, tiles.Columns, tiles.Overlap), TileSide(sourceHeight, tiles.Rows, tiles.Overlap));
            return (Math.Min(sourceWidth, Math.Max(tiles.MinSourceWidth, tile.ResizedWidth * tiles.Columns)),
                Math.Min(sourceHeight, tile.ResizedHeight * tiles.Rows));
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
        using var input = _session.RentInput<float>(1, 3, transform.CanvasHeight, transform.CanvasWidth);
        _tensorWriter.Write(bgrImage, transform, input.Span);
        var afterPreprocess = Stopwatch.GetTimestamp();
        _runSlots.Wait();
        RunOutputs run;
        try
        {
            run = _session.Infer(input.Value);
        }
        finally
        {
            _runSlots.Release();
        }

        using (run)
        {
            return Finish(new ModelOutputs(_session.OutputNames, run.Values), transform, start, afterPreprocess);
        }
    }

    /// <summary>
    /// Finds objects in an 8-bit BGR image as <see cref="Detect"/> does, waiting for a run slot without holding a thread
    /// (the letterbox, inference and decoding themselves run on the caller's thread: they are CPU work). Tiled detection
    /// runs as <see cref="Detect"/>.
    /// </summary>
    public async ValueTask<DetectionResult> DetectAsync(Mat bgrImage, CancellationToken cancellationToken)
    {
        if (TilesFor(bgrImage.Width) is not null)
        {
            return Detect(bgrImage);
        }

        var start = Stopwatch.GetTimestamp();
        var transform = PlanInput(bgrImage.Width, bgrImage.Height);
        using var input = _session.RentInput<float>(1, 3, transform.CanvasHeight, transform.CanvasWidth);
        _tensorWriter.Write(bgrImage, transform, input.Span);
        var afterPreprocess = Stopwatch.GetTimestamp();
        await _runSlots.WaitAsync(cancellationToken);
        RunOutputs run;
        try
        {
            run = await _session.InferAsync(input.Value, cancellationToken);
        }
        finally
        {
            _runSlots.Release();
        }

        using (run)
        {
            return Finish(new ModelOutputs(_session.OutputNames, run.Values), transform, start, afterPreprocess);
        }
    }

    /// <summary>Decodes one image's outputs (of a single or batch run) into its result; timestamps are <see cref="Stopwatch"/> ticks.</summary>
    internal DetectionResult Finish(ModelOutputs outputs, in LetterboxTransform transform, long start, long afterPreprocess)
    {
        var afterInference = Stopwatch.GetTimestamp();
        var detections = DecodeAndSuppress(outputs, transform);
        var end = Stopwatch.GetTimestamp();
        var timings = new DetectionTimings(
            Stopwatch.GetElapsedTime(start, afterPreprocess),
            Stopwatch.GetElapsedTime(afterPreprocess, afterInference),
            Stopwatch.GetElapsedTime(afterInference, end));
        return new DetectionResult(detections, Classes, Model, ExecutionProvider, transform, timings);
    }

    /// <summary>Letterboxes one image into its slice of a (batch) input tensor.</summary>
    internal void WriteInput(Mat bgrImage, in LetterboxTransform transform, Span<float> destination) =>
        _tensorWriter.Write(bgrImage, transform, destination);

    /// <summary>Runs a batch input under this detector's run slots and the shared budget.</summary>
    internal RunOutputs RunBatch(OrtValue input)
    {
        _runSlots.Wait();
        try
        {
            return _session.Infer(input);
        }
        finally
        {
            _runSlots.Release();
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
        if (_ownsSession)
        {
            _session.Dispose();
        }

        _runSlots.Dispose();
    }

    private void WarmUp()
    {
        using var gray = new Mat(480, 640, MatType.CV_8UC3, new Scalar(114, 114, 114));
        Detect(gray);
    }

    private static (int Width, int Height, bool Batches) ReadInput(ModelSession session)
    {
        if (session.Inputs.Count != 1)
        {
            throw new InvalidOperationException($"Detector model '{session.Path}' must have one input; it has {session.Inputs.Count}.");
        }

        var (name, metadata) = session.Inputs.First();
        var dimensions = metadata.Dimensions;
        if (metadata.ElementType != typeof(float) || dimensions.Length != 4 || (dimensions[1] != 3 && dimensions[1] > 0))
        {
            throw new InvalidOperationException(
                $"Detector model '{session.Path}' input '{name}' must be float [N,3,H,W]; it is {metadata.ElementType.Name} [{string.Join(",", dimensions)}].");
        }

        return (dimensions[3], dimensions[2], dimensions[0] <= 0);
    }

    private static int AlignUp(int value, int alignment) => Math.Max(alignment, (value + alignment - 1) / alignment * alignment);
}
