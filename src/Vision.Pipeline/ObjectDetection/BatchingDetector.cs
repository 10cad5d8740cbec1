using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using OpenCvSharp;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>
/// One detector shared by all cameras that runs their frames together: each caller letterboxes its frame on its own
/// thread and waits; frames are gathered until <see cref="BatchingOptions.MaxBatch"/> or until the first has waited
/// <see cref="BatchingOptions.MaxWait"/>, run in one inference, decoded, and each caller gets its own result. A camera
/// waits for a frame's result before it sends the next, so its order is kept; several batches run at once.
/// </summary>
public sealed class BatchingDetector : IFrameDetector, IAsyncDisposable
{
    private readonly ObjectDetector _detector;
    private readonly BatchingOptions _options;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _batchSlots;
    private readonly Task _collector;
    private long _batches;
    private long _frames;
    private int _largestBatch;

    public BatchingDetector(ObjectDetector detector, BatchingOptions options)
    {
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(options, new(options), validateAllProperties: true);
        if (!detector.SupportsBatches)
        {
            throw new InvalidOperationException(
                $"Batching needs a model with a dynamic batch dimension; '{detector.Session.Path}' takes one image a run " +
                "(use yolox_nano_coco_batch_dynamic.onnx or switch Batching:Enabled off).");
        }

        _detector = detector;
        _options = options;
        _batchSlots = new SemaphoreSlim(options.MaxBatchesInFlight, options.MaxBatchesInFlight);
        _collector = Task.Run(CollectAsync);
    }

    public ObjectClasses Classes => _detector.Classes;

    public ObjectDetector Detector => _detector;

    /// <summary>Batches run so far, frames in them and the largest batch.</summary>
    public BatchStatistics Statistics => new(Interlocked.Read(ref _batches), Interlocked.Read(ref _frames), Volatile.Read(ref _largestBatch));

    /// <summary>The whole frame's input size: batches carry whole frames, never tiles, so a larger decode would be wasted.</summary>
    public (int Width, int Height) PixelsNeeded(int sourceWidth, int sourceHeight)
    {
        var whole = _detector.PlanInput(sourceWidth, sourceHeight);
        return (whole.ResizedWidth, whole.ResizedHeight);
    }

    /// <summary>Objects in an 8-bit BGR image, detected in a batch with other callers' frames.</summary>
    public async ValueTask<DetectionResult> DetectAsync(Mat bgrImage, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var transform = _detector.PlanInput(bgrImage.Width, bgrImage.Height);
        var length = 3 * transform.CanvasWidth * transform.CanvasHeight;
        var pixels = ArrayPool<float>.Shared.Rent(length);
        var request = new Request(transform, pixels, length, start);
        try
        {
            _detector.WriteInput(bgrImage, transform, pixels.AsSpan(0, length));
            request.AfterPreprocess = Stopwatch.GetTimestamp();
        }
        catch
        {
            ArrayPool<float>.Shared.Return(pixels);
            throw;
        }

        if (!_requests.Writer.TryWrite(request))
        {
            ArrayPool<float>.Shared.Return(pixels);
            throw new ObjectDisposedException(nameof(BatchingDetector));
        }

        // From here the batch owns the pixels; a caller that stops waiting leaves its result unread.
        return await request.Result.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _collector;
        for (var slot = 0; slot < _options.MaxBatchesInFlight; slot++)
        {
            await _batchSlots.WaitAsync();
        }

        _batchSlots.Dispose();
    }

    private async Task CollectAsync()
    {
        var reader = _requests.Reader;
        // Frames of another canvas size than the batch being gathered, oldest first: they start the next batches. Ending
        // a batch at the first of them, 16:9 and 4:3 cameras interleaved ran batches of one.
        var held = new List<Request>();
        while (held.Count > 0 || await reader.WaitToReadAsync())
        {
            Request? first;
            if (held.Count > 0)
            {
                first = held[0];
                held.RemoveAt(0);
            }
            else if (!reader.TryRead(out first))
            {
                continue;
            }

            var batch = new List<Request>(_options.MaxBatch) { first };
            TakeHeld(held, batch);
            await GatherAsync(reader, batch, held);
            await _batchSlots.WaitAsync();
            _ = Task.Run(() => Run(batch));
        }
    }

    /// <summary>Moves held frames of the batch's canvas size into it, oldest first, while it has room.</summary>
    private void TakeHeld(List<Request> held, List<Request> batch)
    {
        for (var i = 0; i < held.Count && batch.Count < _options.MaxBatch;)
        {
            if (SameCanvas(held[i], batch[0]))
            {
                batch.Add(held[i]);
                held.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    private static bool SameCanvas(Request a, Request b) =>
        a.Transform.CanvasWidth == b.Transform.CanvasWidth && a.Transform.CanvasHeight == b.Transform.CanvasHeight;

    // Adds frames of the same canvas size until the batch is full or the wait is over; a frame of another size is held for a later batch.
    private async Task GatherAsync(ChannelReader<Request> reader, List<Request> batch, List<Request> held)
    {
        using var window = new CancellationTokenSource(_options.MaxWait);
        while (batch.Count < _options.MaxBatch)
        {
            if (reader.TryRead(out var next))
            {
                if (SameCanvas(next, batch[0]))
                {
                    batch.Add(next);
                }
                else
                {
                    held.Add(next);
                }

                continue;
            }

            try
            {
                if (_options.MaxWait <= TimeSpan.Zero || !await reader.WaitToReadAsync(window.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Run(List<Request> batch)
    {
        try
        {
            var transform = batch[0].Transform;
            var length = batch[0].Length;
            using var input = _detector.Session.RentInput<float>(batch.Count, 3, transform.CanvasHeight, transform.CanvasWidth);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Pixels.AsSpan(0, length).CopyTo(input.Span.Slice(i * length, length));
            }

            using var run = _detector.RunBatch(input.Value);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _frames, batch.Count);
            InterlockedMax(ref _largestBatch, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                var result = _detector.Finish(ModelOutputs.ForBatchItem(_detector.Session.OutputNames, run.Values, i),
                    request.Transform, request.Start, request.AfterPreprocess);
                request.Result.TrySetResult(result);
            }
        }
        catch (Exception error)
        {
            batch.ForEach(request => request.Result.TrySetException(error));
        }
        finally
        {
            batch.ForEach(request => ArrayPool<float>.Shared.Return(request.Pixels));
            _batchSlots.Release();
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private sealed class Request(LetterboxTransform transform, float[] pixels, int length, long start)
    {
        public LetterboxTransform Transform { get; } = transform;

        public float[] Pixels { get; } = pixels;

        public int Length { get; } = length;

        public long Start { get; } = start;

        public long AfterPreprocess { get; set; }

        public TaskCompletionSource<DetectionResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What a batching detector has run: batches, frames in them, and the largest batch.</summary>
public readonly record struct BatchStatistics(long Batches, long Frames, int LargestBatch)
{
    public double MeanBatch => Batches == 0 ? 0 : (double)Frames / Batches;
}
