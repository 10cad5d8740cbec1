using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Tracing;
using Vision.Service.Grpc;
using Vision.Service.Tracing;

namespace Vision.Service.Admission;

/// <summary>
/// Admission control for photo calls: a concurrency limit and a bounded FIFO queue per method, and one budget of
/// memory in flight shared by all (each call priced at its pixels times its method's bytes per pixel, plus its encoded
/// photo twice: the request, and the metadata the decoder keeps). A call that cannot start at once waits (asynchronously,
/// honouring its cancellation and deadline) up to the method's queue wait, holding its request: the requests waiting and
/// the calls in flight share the budget. One that finds the queue or the budget full, or waits too long, is refused with
/// RESOURCE_EXHAUSTED, a google.rpc.RetryInfo and the <c>grpc-retry-pushback-ms</c> trailer.
/// </summary>
public sealed partial class PhotoAdmission
{
    public const string MeterName = "Vision.Admission";
    public const string OverloadedReason = "OVERLOADED";
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Admitted = Meter.CreateCounter<long>("vision_admission_admitted", description: "Photo calls admitted");
    private static readonly Counter<long> Shed = Meter.CreateCounter<long>("vision_admission_shed", description: "Photo calls refused with RESOURCE_EXHAUSTED");
    private static readonly Histogram<double> QueueWait =
        Meter.CreateHistogram<double>("vision_admission_queue_wait", "ms", "Time photo calls waited before they started");

    private readonly Lock _gate = new();
    private readonly AdmissionOptions _options;
    private readonly Dictionary<string, MethodState> _methods;
    private readonly BurstMemoryTrimmer _trimmer;
    private readonly ILogger<PhotoAdmission> _logger;
    private long _pixelsInFlight;
    private long _bytesInFlight;
    private long _encodedBytesWaiting;
    private int _running;

    public PhotoAdmission(IOptions<AdmissionOptions> options, BurstMemoryTrimmer trimmer, ILogger<PhotoAdmission> logger)
    {
        _options = options.Value;
        _trimmer = trimmer;
        _logger = logger;
        _methods = new(StringComparer.Ordinal)
        {
            [nameof(AdmissionOptions.AnalyzePhoto)] = new(_options.AnalyzePhoto),
            [nameof(AdmissionOptions.TriagePhoto)] = new(_options.TriagePhoto),
        };
        Meter.CreateObservableGauge("vision_admission_pixels_in_flight", () => Interlocked.Read(ref _pixelsInFlight), description: "Pixels of photos being processed");
        Meter.CreateObservableGauge("vision_admission_bytes_in_flight", () => Interlocked.Read(ref _bytesInFlight), "By",
            "Memory the photos being processed are priced at, against Vision:Admission:PhotoMemoryBytes");
        var triageMegapixels = MaxPixelsAtOnce(_options.TriagePhoto) / 1e6;
        var analyzeMegapixels = MaxPixelsAtOnce(_options.AnalyzePhoto) / 1e6;
        BudgetReady(_logger, _options.PhotoMemoryBytes >> 20, triageMegapixels, _options.TriagePhoto.BytesPerPixel, analyzeMegapixels, _options.AnalyzePhoto.BytesPerPixel);
        Meter.CreateObservableGauge("vision_admission_queued", () => _methods.Select(pair =>
            new Measurement<int>(pair.Value.Queue.Count, new KeyValuePair<string, object?>("method", pair.Key))), description: "Photo calls waiting to start");
    }

    /// <summary>Pixels of the photos admitted and not yet finished.</summary>
    public long PixelsInFlight => Interlocked.Read(ref _pixelsInFlight);

    /// <summary>The memory the photos admitted and not yet finished are priced at.</summary>
    public long BytesInFlight => Interlocked.Read(ref _bytesInFlight);

    /// <summary>The pixels of one method's photos that fit the memory budget at once.</summary>
    public long MaxPixelsAtOnce(MethodAdmissionOptions method) => (long)(_options.PhotoMemoryBytes / method.BytesPerPixel);

    /// <summary>Photo calls admitted and not yet finished, across methods.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Starts the call now, or waits its turn, or refuses it.</summary>
    /// <param name="pixels">The photo's pixels, as its header claims.</param>
    /// <param name="encodedBytes">The photo's encoded size: a tiny image with 16 MB of metadata was priced at its 4 000 pixels.</param>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED when the method's queue is full or the wait ran out.</exception>
    /// <exception cref="OperationCanceledException">The call was cancelled or its deadline passed while it waited.</exception>
    public async ValueTask<AdmissionTicket> EnterAsync(string method, long pixels, long encodedBytes, DateTime deadline, CancellationToken cancellationToken)
    {
        using var span = ServiceTracing.Source.StartActivity(SpanNames.PhotoAdmission);
        span?.SetTag(SpanAttributes.AdmissionMethod, method).SetTag(SpanAttributes.AdmissionPixels, pixels);
        try
        {
            var ticket = await WaitForPlaceAsync(method, pixels, encodedBytes, deadline, cancellationToken);
            span?.SetTag(SpanAttributes.AdmissionOutcome, "admitted");
            return ticket;
        }
        catch (Exception error) when (span is not null)
        {
            var outcome = error switch
            {
                RpcException { StatusCode: StatusCode.ResourceExhausted } => "shed",
                RpcException { StatusCode: StatusCode.DeadlineExceeded } => "deadline_exceeded",
                _ => "cancelled",
            };
            span.SetTag(SpanAttributes.AdmissionOutcome, outcome).SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
    }

    private async ValueTask<AdmissionTicket> WaitForPlaceAsync(string method, long pixels, long encodedBytes, DateTime deadline, CancellationToken cancellationToken)
    {
        var state = _methods[method];
        Waiter waiter;
        lock (_gate)
        {
            if (state.Queue.Count == 0 && CanStart(state, Price(state, pixels, encodedBytes)))
            {
                return Start(method, state, pixels, encodedBytes);
            }

            if (state.Queue.Count >= state.Options.MaxQueued)
            {
                throw Refuse(method, state, "its queue is full");
            }

            // Forty queued calls of 20 MB each held 800 MB no budget counted.
            if (_bytesInFlight + _encodedBytesWaiting + encodedBytes > _options.PhotoMemoryBytes)
            {
                throw Refuse(method, state, "the photos running and waiting already hold the memory budget (Vision:Admission:PhotoMemoryBytes)");
            }

            if (state.HasServiceTimes && state.EstimateWait() > state.Options.MaxQueueWait)
            {
                throw Refuse(method, state, $"the calls ahead of it would keep it waiting longer than {state.Options.MaxQueueWait.TotalMilliseconds:F0} ms");
            }

            waiter = new Waiter(method, pixels, encodedBytes);
            waiter.Node = state.Queue.AddLast(waiter);
            _encodedBytesWaiting += encodedBytes;
        }

        var wait = state.Options.MaxQueueWait;
        var untilDeadline = deadline == DateTime.MaxValue ? wait : deadline - DateTime.UtcNow;
        var deadlineFirst = untilDeadline < wait;
        var waitedFrom = TimeProvider.System.GetTimestamp();
        try
        {
            var ticket = await waiter.Admitted.Task.WaitAsync(deadlineFirst ? Max(untilDeadline, TimeSpan.Zero) : wait, cancellationToken);
            QueueWait.Record(TimeProvider.System.GetElapsedTime(waitedFrom).TotalMilliseconds, new KeyValuePair<string, object?>("method", method));
            return ticket;
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException)
        {
            AdmissionTicket? admittedMeanwhile = null;
            lock (_gate)
            {
                if (waiter.Admitted.Task.IsCompletedSuccessfully)
                {
                    admittedMeanwhile = waiter.Admitted.Task.Result;
                }
                else
                {
                    state.Queue.Remove(waiter.Node!);
                    _encodedBytesWaiting -= waiter.EncodedBytes;
                    // The calls it held back (a smaller photo behind a large one) may fit now.
                    StartWaiting();
                }
            }

            // Admitted in the same instant: the place goes to the next caller.
            admittedMeanwhile?.Dispose();
            if (error is OperationCanceledException)
            {
                throw;
            }

            if (deadlineFirst)
            {
                throw new RpcException(new global::Grpc.Core.Status(StatusCode.DeadlineExceeded, $"The call's deadline passed while {method} waited to start."));
            }

            throw Refuse(method, state, $"it waited {wait.TotalMilliseconds:F0} ms without a free place");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    internal void Release(AdmissionTicket ticket)
    {
        var state = _methods[ticket.Method];
        lock (_gate)
        {
            state.Running--;
            _running--;
            _pixelsInFlight -= ticket.Pixels;
            _bytesInFlight -= ticket.Bytes;
            state.RecordServiceTime(TimeProvider.System.GetElapsedTime(ticket.Started));
            StartWaiting();
            // Under the lock, as Start cancels it: a photo started in between must not find a trim scheduled.
            if (_running == 0)
            {
                _trimmer.ScheduleAfterBurst(_options.IdleTrimDelay);
            }
        }
    }

    private static long Price(MethodState state, long pixels, long encodedBytes) =>
        (long)Math.Min(pixels * state.Options.BytesPerPixel + 2.0 * encodedBytes, long.MaxValue / 4);

    private bool CanStart(MethodState state, long bytes) =>
        state.Running < state.Options.MaxConcurrent && (_bytesInFlight == 0 || _bytesInFlight + bytes <= _options.PhotoMemoryBytes);

    private AdmissionTicket Start(string method, MethodState state, long pixels, long encodedBytes)
    {
        var bytes = Price(state, pixels, encodedBytes);
        state.Running++;
        _running++;
        _pixelsInFlight += pixels;
        _bytesInFlight += bytes;
        _trimmer.CancelScheduled();
        Admitted.Add(1, new KeyValuePair<string, object?>("method", method));
        return new AdmissionTicket(this, method, pixels, bytes);
    }

    // Starts waiting calls, oldest first among the methods whose next caller fits.
    private void StartWaiting()
    {
        while (true)
        {
            Waiter? next = null;
            MethodState? nextState = null;
            foreach (var state in _methods.Values)
            {
                if (state.Queue.First?.Value is { } head && CanStart(state, Price(state, head.Pixels, head.EncodedBytes)) && (next is null || head.Enqueued < next.Enqueued))
                {
                    next = head;
                    nextState = state;
                }
            }

            if (next is null)
            {
                return;
            }

            nextState!.Queue.RemoveFirst();
            _encodedBytesWaiting -= next.EncodedBytes;
            next.Admitted.TrySetResult(Start(next.Method, nextState, next.Pixels, next.EncodedBytes));
        }
    }

    private RpcException Refuse(string method, MethodState state, string why)
    {
        var retryAfter = state.EstimateRetryDelay(_running);
        var milliseconds = (long)retryAfter.TotalMilliseconds;
        Shed.Add(1, new KeyValuePair<string, object?>("method", method));
        CallShed(_logger, method, why, milliseconds);
        var errorInfo = new ErrorInfo
        {
            Domain = ImageRejectionStatus.ErrorDomain,
            Reason = OverloadedReason,
            Metadata = { ["method"] = method, ["retry_after_ms"] = milliseconds.ToString(CultureInfo.InvariantCulture) },
        };
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = $"The service is busy with photos: {method} refused because {why}; retry after {milliseconds} ms.",
            Details = { Any.Pack(errorInfo), Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }) },
        };
        var error = status.ToRpcException();
        error.Trailers.Add(RetryPushbackTrailer, milliseconds.ToString(CultureInfo.InvariantCulture));
        return error;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information,
        Message = "Photo admission: {MemoryMegabytes} MB for photos in flight, {TriageMegapixels:F0} MP of triage ({TriageBytesPerPixel} B/pixel) or {AnalyzeMegapixels:F0} MP of analysis ({AnalyzeBytesPerPixel} B/pixel) at once")]
    private static partial void BudgetReady(ILogger logger, long memoryMegabytes, double triageMegapixels, double triageBytesPerPixel,
        double analyzeMegapixels, double analyzeBytesPerPixel);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "{Method} shed: {Why}; client told to retry after {RetryAfterMilliseconds} ms")]
    private static partial void CallShed(ILogger logger, string method, string why, long retryAfterMilliseconds);

    private sealed class Waiter(string method, long pixels, long encodedBytes)
    {
        public string Method { get; } = method;

        public long Pixels { get; } = pixels;

        public long EncodedBytes { get; } = encodedBytes;

        public long Enqueued { get; } = TimeProvider.System.GetTimestamp();

        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource<AdmissionTicket> Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class MethodState(MethodAdmissionOptions options)
    {
        private double _averageServiceMilliseconds = 500;

        public MethodAdmissionOptions Options { get; } = options;

        public LinkedList<Waiter> Queue { get; } = new();

        public int Running { get; set; }

        public bool HasServiceTimes { get; private set; }

        public void RecordServiceTime(TimeSpan elapsed)
        {
            _averageServiceMilliseconds = HasServiceTimes ? 0.8 * _averageServiceMilliseconds + 0.2 * elapsed.TotalMilliseconds : elapsed.TotalMilliseconds;
            HasServiceTimes = true;
        }

        /// <summary>How long a newcomer would wait: the queue ahead of it and one running call, shared by the method's places.</summary>
        public TimeSpan EstimateWait() => TimeSpan.FromMilliseconds(_averageServiceMilliseconds * (Queue.Count + 1) / Options.MaxConcurrent);

        /// <summary>About when a place will be free: the work ahead divided by the places that do it.</summary>
        public TimeSpan EstimateRetryDelay(int runningOverall)
        {
            var ahead = Queue.Count + Math.Max(Running, runningOverall > 0 ? 1 : 0);
            var milliseconds = _averageServiceMilliseconds * ahead / Options.MaxConcurrent;
            return TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 100, 30_000));
        }
    }
}
