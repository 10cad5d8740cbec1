using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Vision.Domain.Geometry;
using Vision.Domain.Plates;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.RoadUsers;
using Vision.Pipeline.Tracing;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Runtime;

/// <summary>
/// One camera's live path: ingest queue (the only place frames are dropped, oldest first) → decode → detect (the
/// shared detector) → road users (riders joined with their two-wheelers) → track → frame history and events. Decoding runs ahead of detection through a small queue
/// with backpressure, so the two overlap. Every accepted frame ends processed, failed or dropped, and is counted.
/// </summary>
public sealed class CameraPipeline
{
    private const int DecodedQueueCapacity = 2;

    private readonly IFrameDetector _detector;
    private readonly IngestCheck _ingestCheck;
    private readonly PipelineMetrics _metrics;
    private readonly Func<CameraGauges> _gauges;
    private readonly MultiObjectTracker _tracker;
    private (int Width, int Height)? _trackedFrameSize;
    private readonly RiderAssociation _roadUsers;
    private readonly List<Detection> _roadUserBuffer = [];
    private readonly Channel<AcceptedFrame> _ingest;
    private readonly Lock _ingestGate = new();
    private readonly Queue<DecodedFrame> _carriedOver = new();
    private DecodedFrame? _decodedInHand;
    private Channel<DecodedFrame> _decoded;
    private bool _shuttingDown;

    private readonly IReadOnlyList<IFrameResultConsumer> _consumers;
    private readonly PlateStage? _plates;
    private readonly TimeProvider _time;

    public CameraPipeline(
        CameraDefinition definition,
        IFrameDetector detector,
        TrackerOptions trackerOptions,
        PipelineMetrics metrics,
        IReadOnlyList<IFrameResultConsumer>? consumers = null,
        PlateStage? plates = null,
        IEnumerable<IFrameResultConsumerFactory>? consumerFactories = null,
        RiderAssociationOptions? riderOptions = null,
        TimeProvider? time = null,
        ICameraStages? stages = null)
    {
        Definition = definition;
        _time = time ?? TimeProvider.System;
        _plates = plates;
        _detector = detector;
        _metrics = metrics;
        _ingestCheck = new IngestCheck(definition);
        _tracker = new MultiObjectTracker(trackerOptions, detector.Classes, definition.ExpectedFramesPerSecond);
        _roadUsers = new RiderAssociation(detector.Classes, riderOptions, stream: true);
        // Two readers: the decode loop, and live ingest taking the oldest frame out to make room.
        _ingest = Channel.CreateBounded<AcceptedFrame>(new BoundedChannelOptions(definition.IngestQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _decoded = CreateDecodedQueue();
        History = FrameHistory.For(definition.HistoryDuration, definition.ExpectedFramesPerSecond);
        var context = new CameraStageContext(definition, History, Events, detector.Classes);
        _consumers = [.. consumers ?? [], .. (consumerFactories ?? []).Select(factory => factory.Create(context)).OfType<IFrameResultConsumer>(),
            .. stages?.Create(context) ?? []];
        _gauges = () => new CameraGauges(_ingest.Reader.Count, _decoded.Reader.Count, _tracker.AliveCount);
        metrics.Register(definition.Id, _gauges);
    }

    /// <summary>
    /// For a pipeline that is done with its camera (handed to another node): its queue and track gauges are no longer
    /// exported, and the metrics stop holding it (its frame history and tracks) in memory.
    /// </summary>
    public void StopReporting() => _metrics.Unregister(Id, _gauges);

    public CameraDefinition Definition { get; }

    public string Id => Definition.Id;

    public CameraCounters Counters { get; } = new();

    public FrameHistory History { get; }

    public CameraEventHub Events { get; } = new();

    public int IngestQueueDepth => _ingest.Reader.Count;

    /// <summary>The class names of the shared detector, for the class ids in results.</summary>
    public ObjectClasses Classes => _detector.Classes;

    /// <summary>The newest sequence number accepted so far; a reconnecting gateway resumes after it.</summary>
    public long LastAcceptedSequence => _ingestCheck.LastAccepted;

    /// <summary>
    /// The latest frame refused for what it holds, and why: a camera's own source (a file, an RTSP feed) has no one to
    /// answer, and its refused frames were only counted while the health check said the camera sent nothing.
    /// </summary>
    public FrameRefusal? LastRefusal { get => Volatile.Read(ref _lastRefusal); private set => Volatile.Write(ref _lastRefusal, value); }

    private FrameRefusal? _lastRefusal;

    /// <summary>Live ingest: never waits; when the queue is full the oldest waiting frame is dropped for this one.</summary>
    public IngestOutcome TryIngest(EncodedFrame frame)
    {
        lock (_ingestGate)
        {
            var outcome = Admit(frame, out var accepted);
            if (outcome != IngestOutcome.Accepted)
            {
                return outcome;
            }

            while (!_ingest.Writer.TryWrite(accepted))
            {
                if (_ingest.Reader.TryRead(out var oldest))
                {
                    Drop(oldest, DropReason.QueueFull);
                }
            }

            return outcome;
        }
    }

    /// <summary>Counts a frame the gateway sent that was refused before it reached the pipeline (its capture time, checked
    /// at the edge; a cluster node's checks before the frame stream), and keeps why, when said, as the latest refusal.</summary>
    public void CountRefused(long sequence, IngestOutcome outcome, string? detail)
    {
        Counters.CountReceived();
        _metrics.FrameReceived(Id);
        Counters.CountRejected();
        _metrics.FrameRejected(Id, outcome);
        if (detail is not null)
        {
            LastRefusal = new FrameRefusal(sequence, outcome, detail, _time.GetUtcNow());
        }
    }

    /// <summary>A reconnecting gateway resumes after this sequence (the last one accepted before a restart, kept in the store).</summary>
    /// <param name="capturedNoLaterThan">When known, a time its frame was captured before (see <see cref="IngestCheck.ResumeAfter"/>).</param>
    public void ResumeAfter(long sequence, DateTimeOffset? capturedNoLaterThan = null)
    {
        lock (_ingestGate)
        {
            _ingestCheck.ResumeAfter(sequence, capturedNoLaterThan);
        }
    }

    /// <summary>Lossless ingest for replayed recordings: waits for room instead of dropping.</summary>
    public async ValueTask<IngestOutcome> IngestAsync(EncodedFrame frame, CancellationToken cancellationToken)
    {
        AcceptedFrame accepted;
        lock (_ingestGate)
        {
            var outcome = Admit(frame, out accepted);
            if (outcome != IngestOutcome.Accepted)
            {
                return outcome;
            }
        }

        try
        {
            await _ingest.Writer.WriteAsync(accepted, cancellationToken);
        }
        catch (Exception error) when (error is OperationCanceledException or ChannelClosedException)
        {
            // Accepted but never queued: the service stopped while the replay waited for room.
            Drop(accepted, DropReason.Shutdown);
            throw;
        }

        return IngestOutcome.Accepted;
    }

    /// <summary>Runs decode and detect/track until ingest is completed and drained, or until cancelled. Throws if a stage fails.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Frames decoded before a restart are detected first, in order.
        while (_carriedOver.TryDequeue(out var carried))
        {
            using (carried)
            {
                await ProcessOrFailAsync(carried);
            }
        }

        var decoded = CreateDecodedQueue();
        _decoded = decoded;
        var decode = Task.Run(() => DecodeLoopAsync(decoded.Writer, stop.Token), CancellationToken.None);
        var detect = Task.Run(() => DetectLoopAsync(decoded.Reader, stop.Token), CancellationToken.None);
        // A loop that failed stops the other, so the run ends and is restarted. A stage that threw a cancellation of its
        // own (a request's timeout) ends its loop as cancelled, not faulted: that is a failure too.
        if ((await Task.WhenAny(decode, detect)) is { IsFaulted: true } or { IsCanceled: true })
        {
            await stop.CancelAsync();
        }

        try
        {
            await Task.WhenAll(decode, detect);
        }
        finally
        {
            // Decoded but not yet detected: kept for the next run (after a restart) or dropped at shutdown.
            while (decoded.Reader.TryRead(out var waiting))
            {
                _carriedOver.Enqueue(waiting);
            }

            if (_decodedInHand is not null)
            {
                _carriedOver.Enqueue(_decodedInHand);
                _decodedInHand = null;
            }
        }
    }

    /// <summary>Takes no more frames; <see cref="RunAsync"/> returns once what was accepted is processed.</summary>
    public void CompleteIngest()
    {
        lock (_ingestGate)
        {
            _shuttingDown = true;
            _ingest.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Once the camera's last run ended: tells each stage the camera stopped, so it reports what is still running. A stage
    /// that throws does not keep the later ones from completing (the evidence feed releases its waiting violations here).
    /// </summary>
    /// <returns>What each failing stage threw, for the caller to log.</returns>
    public IReadOnlyList<Exception> CompleteStages()
    {
        var failures = new List<Exception>();
        foreach (var consumer in _consumers)
        {
            try
            {
                consumer.Complete();
            }
            catch (Exception failure)
            {
                failures.Add(failure);
            }
        }

        return failures;
    }

    /// <summary>After an interrupted drain: counts every frame still queued as dropped at shutdown.</summary>
    public int DropQueuedAtShutdown()
    {
        var count = 0;
        while (_ingest.Reader.TryRead(out var waiting))
        {
            Drop(waiting, DropReason.Shutdown);
            count++;
        }

        while (_carriedOver.TryDequeue(out var decoded))
        {
            using (decoded)
            {
                Drop(decoded.Accepted, DropReason.Shutdown);
                count++;
            }
        }

        return count;
    }

    private IngestOutcome Admit(EncodedFrame frame, out AcceptedFrame accepted)
    {
        accepted = default;
        Counters.CountReceived();
        _metrics.FrameReceived(Id);
        ImageHeader? header = null;
        var outcome = _shuttingDown ? IngestOutcome.ShuttingDown : _ingestCheck.Check(frame, out header);
        if (outcome != IngestOutcome.Accepted)
        {
            Counters.CountRejected();
            _metrics.FrameRejected(Id, outcome);
            if (outcome is IngestOutcome.TooLarge or IngestOutcome.Corrupt or IngestOutcome.SequenceJump
                && _ingestCheck.LastRefusal is { } refusal && refusal.Sequence == frame.Sequence)
            {
                LastRefusal = new FrameRefusal(frame.Sequence, outcome, refusal.Detail, _time.GetUtcNow());
            }

            return outcome;
        }

        _ingestCheck.Accept(frame.Sequence, frame.CapturedAt);
        Counters.CountAccepted(_time.GetUtcNow());
        var trace = PipelineTracing.StartFrame(Id, frame.Sequence);
        trace?.SetTag(SpanAttributes.ImageWidth, header!.Width).SetTag(SpanAttributes.ImageHeight, header.Height);
        accepted = new AcceptedFrame(frame, header!.Width, header.Height, trace);
        return IngestOutcome.Accepted;
    }

    private async Task DecodeLoopAsync(ChannelWriter<DecodedFrame> output, CancellationToken cancellationToken)
    {
        try
        {
            while (await _ingest.Reader.WaitToReadAsync(cancellationToken))
            {
                while (_ingest.Reader.TryRead(out var accepted))
                {
                    DecodedFrame? decoded;
                    try
                    {
                        decoded = Decode(accepted);
                    }
                    catch (Exception error)
                    {
                        Fail(accepted, $"decoding failed: {error.Message}");
                        throw;
                    }

                    if (decoded is null)
                    {
                        continue;
                    }

                    try
                    {
                        await output.WriteAsync(decoded, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        _decodedInHand = decoded;
                        throw;
                    }
                }
            }

            output.TryComplete();
        }
        catch (Exception error)
        {
            output.TryComplete(error);
            throw;
        }
    }

    private DecodedFrame? Decode(AcceptedFrame accepted)
    {
        if (accepted.Trace is null)
        {
            return DecodeTraced(accepted);
        }

        PipelineTracing.RecordInterval(SpanNames.FrameQueued, accepted.Trace, accepted.Trace.StartTimeUtc, DateTime.UtcNow);
        var caller = Activity.Current;
        try
        {
            using var span = PipelineTracing.Source.StartActivity(SpanNames.FrameDecode, ActivityKind.Internal, accepted.Trace.Context);
            return DecodeTraced(accepted);
        }
        finally
        {
            Activity.Current = caller;
        }
    }

    private DecodedFrame? DecodeTraced(AcceptedFrame accepted)
    {
        var start = Stopwatch.GetTimestamp();
        var (neededWidth, neededHeight) = _detector.PixelsNeeded(accepted.Width, accepted.Height);
        // What the detector sees (its tiles included) is all that is decoded here; plates, which need every pixel, get
        // the frame decoded again at full resolution, and only on the frames where a plate is read.
        var mode = ScaledJpegDecoder.ModeFor(accepted.Width, accepted.Height, neededWidth, neededHeight);
        // Camera frames are upright as sent; EXIF rotation would swap the sides the header declared.
        var pixels = ScaledJpegDecoder.Decode(accepted.Frame.Jpeg.Span, mode | OpenCvSharp.ImreadModes.IgnoreOrientation);
        if (pixels.Empty())
        {
            pixels.Dispose();
            Fail(accepted, "the JPEG data could not be decoded");
            return null;
        }

        return new DecodedFrame(accepted, pixels, Stopwatch.GetElapsedTime(start));
    }

    private async Task DetectLoopAsync(ChannelReader<DecodedFrame> input, CancellationToken cancellationToken)
    {
        await foreach (var decoded in input.ReadAllAsync(cancellationToken))
        {
            using (decoded)
            {
                await ProcessOrFailAsync(decoded);
            }
        }
    }

    private async Task ProcessOrFailAsync(DecodedFrame decoded)
    {
        try
        {
            await ProcessAsync(decoded);
        }

        catch (Exception error)
        {
            Fail(decoded.Accepted, $"a pipeline stage failed: {error.Message}", FrameOutcome.StageFailed);
            throw;
        }
    }

    // A frame once taken is processed to the end, also when the pipeline stops meanwhile: it is not cancelled mid-way.
    private async Task ProcessAsync(DecodedFrame decoded)
    {
        // The frame's trace is current while its stages run here, so the rules and evidence spans nest under it.
        var caller = Activity.Current;
        Activity.Current = decoded.Accepted.Trace ?? caller;
        try
        {
            await ProcessTracedAsync(decoded);
        }
        finally
        {
            Activity.Current = caller;
        }

        EndTrace(decoded.Accepted, nameof(FrameOutcome.Processed));
    }

    private async Task ProcessTracedAsync(DecodedFrame decoded)
    {
        var frame = decoded.Accepted.Frame;
        var detectStart = Stopwatch.GetTimestamp();
        DetectionResult detection;
        using (var span = PipelineTracing.Source.StartActivity(SpanNames.FrameDetect))
        {
            detection = await _detector.DetectAsync(decoded.Pixels, CancellationToken.None);
            span?.SetTag(SpanAttributes.ModelName, detection.Model.Name).SetTag(SpanAttributes.DetectionCount, detection.Detections.Count);
        }

        var trackStart = Stopwatch.GetTimestamp();
        Detection[] detections;
        ImmutableArray<TrackSnapshot> tracks;
        using (var span = PipelineTracing.Source.StartActivity(SpanNames.FrameTrack))
        {
            _roadUserBuffer.Clear();
            _roadUsers.Associate(detection.Detections, _roadUserBuffer, null);
            detections = ToSourcePixels(_roadUserBuffer, decoded.ScaleToSourceX, decoded.ScaleToSourceY);
            var frameSize = (decoded.Accepted.Width, decoded.Accepted.Height);
            if (_trackedFrameSize is { } previousSize && previousSize != frameSize)
            {
                // A gateway falling back to the substream: the tracks' boxes are in the old pixels, and a track matched a
                // scaled detection of another vehicle, which took over its plate and its state at the stop line.
                _tracker.Restart();
            }

            _trackedFrameSize = frameSize;
            tracks = _tracker.Update(detections, frame.CapturedAt);
            span?.SetTag(SpanAttributes.TrackCount, tracks.Length);
        }

        IReadOnlyList<TrackSnapshot> trackList = tracks;
        var platesStart = Stopwatch.GetTimestamp();
        using var fullResolution = new FullResolutionFrame(decoded);
        var plates = PlateStageResult.None;
        if (_plates is not null)
        {
            using var span = PipelineTracing.Source.StartActivity(SpanNames.FramePlates);
            plates = _plates.Process(fullResolution.Get, trackList, frame.Sequence, frame.CapturedAt);
            span?.SetTag(SpanAttributes.PlateReadCount, plates.Plates.Count);
        }

        var timings = new StageTimings(decoded.DecodeTime, Stopwatch.GetElapsedTime(detectStart, trackStart),
            Stopwatch.GetElapsedTime(trackStart, platesStart), Stopwatch.GetElapsedTime(platesStart));

        History.Add(frame);
        var result = new FrameResult(Id, frame.Sequence, frame.CapturedAt, FrameOutcome.Processed,
            decoded.Accepted.Width, decoded.Accepted.Height, detections, trackList, detection.Model, timings) { Plates = plates.Plates };
        foreach (var consumer in _consumers)
        {
            consumer.Consume(result, new FramePixels(decoded.Pixels, decoded.ScaleToSourceX, decoded.ScaleToSourceY));
        }

        foreach (var (trackId, hit) in plates.NewWatchlistHits)
        {
            var firstSeen = tracks.FirstOrDefault(track => track.TrackId == trackId).FirstSeen;
            Events.Publish(new WatchlistHitEvent(Id, frame.Sequence, frame.CapturedAt, trackId, firstSeen == default ? frame.CapturedAt : firstSeen, hit));
            _metrics.WatchlistHit(Id);
        }

        // Observers hear of a frame before it stops counting as in flight, so "nothing in flight" means "all told".
        Events.Publish(new FrameCompletedEvent(result));
        Counters.CountProcessed(_time.GetUtcNow());
        _metrics.FrameProcessed(Id, timings);
    }

    private static Detection[] ToSourcePixels(List<Detection> detections, float scaleX, float scaleY)
    {
        var result = new Detection[detections.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var box = detections[i].Box;
            result[i] = detections[i] with { Box = new BoundingBox(box.Left * scaleX, box.Top * scaleY, box.Right * scaleX, box.Bottom * scaleY) };
        }

        return result;
    }

    private void Fail(AcceptedFrame accepted, string reason, FrameOutcome outcome = FrameOutcome.DecodeFailed)
    {
        EndTrace(accepted, outcome.ToString(), reason);
        var frame = accepted.Frame;
        Events.Publish(new FrameCompletedEvent(new FrameResult(Id, frame.Sequence, frame.CapturedAt, outcome,
            accepted.Width, accepted.Height, [], [], null, default, reason)));
        Counters.CountFailed();
        _metrics.FrameFailed(Id);
    }

    private void Drop(AcceptedFrame accepted, DropReason reason)
    {
        accepted.Trace?.SetTag(SpanAttributes.DropReason, reason.ToString());
        EndTrace(accepted, "Dropped");
        var frame = accepted.Frame;
        Events.Publish(new FrameDroppedEvent(Id, frame.Sequence, reason));
        Counters.CountDropped(reason);
        _metrics.FrameDropped(Id, reason);
    }

    private static void EndTrace(AcceptedFrame accepted, string outcome, string? failure = null)
    {
        if (accepted.Trace is not { } trace)
        {
            return;
        }

        trace.SetTag(SpanAttributes.FrameOutcome, outcome);
        if (failure is not null)
        {
            trace.SetStatus(ActivityStatusCode.Error, failure);
        }

        trace.Dispose();
    }

    private static Channel<DecodedFrame> CreateDecodedQueue() =>
        Channel.CreateBounded<DecodedFrame>(new BoundedChannelOptions(DecodedQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
}
