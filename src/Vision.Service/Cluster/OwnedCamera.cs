using System.Threading.Channels;
using NATS.Client.JetStream;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Runtime;
using Vision.Service.Hosting;
using Vision.Storage;

namespace Vision.Service.Cluster;

/// <summary>
/// A camera while this node holds its lease: violations its previous owner raised but never recorded are recorded
/// first; then a fresh pipeline (tracks restart) takes the camera's frames from the frame stream in order (or reads
/// the camera's own source), and each frame is acknowledged once processed, so an unprocessed frame is never lost
/// with a node. Releasing drains the pipeline and records its violations before the lease is given up.
/// </summary>
public sealed partial class OwnedCamera : IDisposable
{
    private static readonly TimeSpan AckRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnrecordedPoll = TimeSpan.FromMilliseconds(200);
    private readonly CameraDefinition _camera;
    private readonly OwnedCameraServices _services;
    private readonly CancellationTokenSource _stopFeeding = new();
    private readonly CancellationTokenSource _abort = new();
    // One acknowledgement at a time, and none while the consumer is made afresh.
    private readonly SemaphoreSlim _acking = new(1, 1);
    private Task _running = Task.CompletedTask;
    // How a takeover spends its time, from the lease taken to the first frame processed (logged once, event 7029).
    private readonly long _takenAt;
    private long _recoveredAt;
    private long _builtAt;
    private long _firstReceivedAt;
    private int _firstProcessed;
    private long _leaseConfirmedAt;

    public OwnedCamera(CameraDefinition camera, ulong leaseRevision, OwnedCameraServices services)
    {
        _camera = camera;
        _services = services;
        _takenAt = services.Time.GetTimestamp();
        LeaseRevision = leaseRevision;
        _leaseConfirmedAt = _takenAt;
    }

    public string CameraId => _camera.Id;

    /// <summary>The revision of this node's lease entry; renewing it checks that nobody else wrote the key since.</summary>
    public ulong LeaseRevision { get; private set; }

    /// <summary>When NATS last confirmed this node's lease (taken or renewed): a <see cref="TimeProvider"/> timestamp.</summary>
    public long LeaseConfirmedAt => Volatile.Read(ref _leaseConfirmedAt);

    /// <summary>NATS wrote this node's lease at <paramref name="revision"/> (a renewal, or the lease taken again after it expired).</summary>
    public void LeaseConfirmed(ulong revision)
    {
        LeaseRevision = revision;
        Volatile.Write(ref _leaseConfirmedAt, _services.Time.GetTimestamp());
    }

    /// <summary>Set once the camera is being handed to another node (its lease is kept until the drain is over).</summary>
    public Task? Released { get; private set; }

    /// <summary>The camera's pipeline once built (null while the takeover builds it).</summary>
    public CameraPipeline? Pipeline { get; private set; }

    /// <summary>Starts the camera off the caller's thread (the heartbeat must never wait for a pipeline to be built).</summary>
    public void Start() => _running = Task.Run(RunAsync);

    /// <summary>
    /// Frees the camera's own resources once its run has ended: a drain cut short aborts the run without waiting for it,
    /// and the run's last steps (its acknowledgements) still use them.
    /// </summary>
    public void Dispose()
    {
        if (_running.IsCompleted)
        {
            Free();
            return;
        }

        _ = _running.ContinueWith(static (_, state) => ((OwnedCamera)state!).Free(), this, CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void Free()
    {
        _stopFeeding.Dispose();
        _abort.Dispose();
        _acking.Dispose();
    }

    /// <summary>Stops taking frames, finishes every frame taken and records the camera's violations; the lease is still held.</summary>
    public Task ReleaseAsync() => Released ??= DrainAsync();

    /// <summary>The lease was lost (another node holds it now): stop at once, without acknowledging more frames.</summary>
    public async Task AbortAsync()
    {
        await CancelAsync(_abort);
        await CancelAsync(_stopFeeding);
        await _running.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    /// <summary>Cancels unless the camera was disposed meanwhile (the fence and the heartbeat may both be letting it go).</summary>
    private static async Task CancelAsync(CancellationTokenSource source)
    {
        try
        {
            await source.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already let go: it was cancelled before it was disposed.
        }
    }

    private async Task DrainAsync()
    {
        await CancelAsync(_stopFeeding);
        using var drainLimit = new CancellationTokenSource(_services.Supervisor.DrainTimeout + _services.Evidence.MaxWaitForFrames + _services.Evidence.BuildTimeout);
        try
        {
            await _running.WaitAsync(drainLimit.Token);
            _services.Recorder.ReleaseWaiting(CameraId);
            while (_services.Recorder.HasUnrecorded(CameraId))
            {
                await Task.Delay(UnrecordedPoll, drainLimit.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Whatever is left is in the journal on shared storage: the next owner records it.
            DrainCutShort(_services.Logger, CameraId);
            await CancelAsync(_abort);
        }
    }

    private async Task RunAsync()
    {
        var abort = _abort.Token;
        try
        {
            // What the previous owner raised but never recorded is recorded while the pipeline is built and the frame
            // stream opened (the takeover's slowest steps under load); no frame is taken before it is done.
            var recovering = RecoverAsync(abort);
            // Cameras with a source of their own (file, RTSP) are read here, not from the frame stream.
            await using var frames = _camera.Source is null
                ? new CameraFrameFeed(_services.Connection.OpenConnection("camera-" + ClusterNames.CameraToken(CameraId)), CameraId,
                    _services.Cluster.MaxFramesInFlight, _services.Cluster.PullBytesFor(_camera.MaxFrameBytes), _services.Logger)
                : null;
            var pipeline = _services.Pipelines.Create(_camera);
            Pipeline = pipeline;
            var acknowledgements = new FrameAcknowledgements();
            var completions = pipeline.Events.Subscribe(capacity: 4096, accepts: static e => e is FrameCompletedEvent or FrameDroppedEvent);
            var hits = pipeline.Events.Subscribe(accepts: static e => e is WatchlistHitEvent);
            var acknowledging = AcknowledgeAsync(completions, acknowledgements);
            var watchlist = StoreWatchlistHitsAsync(hits, abort);
            using var draining = new CancellationTokenSource();
            var pipelineRun = RestartLoop.RunAsync(pipeline.RunAsync, _services.Supervisor, _services.Time,
                (error, backoff) =>
                {
                    _services.Metrics.CameraRestarted(CameraId);
                    PipelineFailed(_services.Logger, error, CameraId, backoff);
                }, abort, draining.Token);
            _builtAt = _services.Time.GetTimestamp();
            try
            {
                await RestartLoop.RunAsync(token => FeedAsync(pipeline, frames, acknowledgements, recovering, token), _services.Supervisor, _services.Time,
                    (error, backoff) => FeedFailed(_services.Logger, error, CameraId, backoff), _stopFeeding.Token);
            }
            finally
            {
                // Every frame taken is finished (or the abort cuts it short), then its acknowledgement and watchlist hits follow.
                pipeline.CompleteIngest();
                // A pipeline waiting out a restart backoff drains what it took now, not after the release's limit cut it short.
                await draining.CancelAsync();
                await pipelineRun;
                foreach (var failure in pipeline.CompleteStages())
                {
                    StageCompletionFailed(_services.Logger, failure, CameraId);
                }

                pipeline.DropQueuedAtShutdown();
                pipeline.StopReporting();
                completions.Dispose();
                hits.Dispose();
                await acknowledging;
                await watchlist.ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Records what the previous owner left in the journal. A journal that cannot be read for a while (shared storage
    /// away, a stale network mount) is read again with backoff: failed once for good, every feed attempt would wait on
    /// the failure and the camera stand still under a lease this node keeps renewing.
    /// </summary>
    private Task RecoverAsync(CancellationToken abort) => RestartLoop.RunAsync(async token =>
    {
        var recovered = await _services.Recorder.RecoverAsync(CameraId, token);
        _recoveredAt = _services.Time.GetTimestamp();
        Started(_services.Logger, CameraId, recovered);
    }, _services.Supervisor, _services.Time, (error, backoff) => RecoveryFailed(_services.Logger, error, CameraId, backoff), abort);

    private async Task FeedAsync(CameraPipeline pipeline, CameraFrameFeed? frames, FrameAcknowledgements acknowledgements, Task recovering,
        CancellationToken cancellationToken)
    {
        if (frames is null)
        {
            await recovering.WaitAsync(cancellationToken);
            await new VideoSource(_camera.Source!, pipeline, Directory.GetCurrentDirectory(), _services.Time).RunAsync(cancellationToken);
            return;
        }

        // A lease held elsewhere fails the feed like a lost connection: it is tried again after a backoff (the lease may be
        // this node's again by then) until the heartbeat or the fence lets the camera go.
        await frames.ConsumeAsync(async (message, token) =>
        {
            await recovering.WaitAsync(token);
            await TakeAsync(pipeline, acknowledgements, message, token);
        }, cancellationToken, () => BeforeConsumerResumesAsync(acknowledgements, cancellationToken));
    }

    private async Task TakeAsync(CameraPipeline pipeline, FrameAcknowledgements acknowledgements, INatsJSMsg<byte[]> message, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _firstReceivedAt) == 0)
        {
            Volatile.Write(ref _firstReceivedAt, _services.Time.GetTimestamp());
        }

        if (FrameMessage.Read(CameraId, message.Headers, message.Data) is not { } frame)
        {
            MalformedFrame(_services.Logger, CameraId, message.Metadata?.Sequence.Stream ?? 0);
            acknowledgements.Add(message, null);
            await AcknowledgeFinishedAsync(acknowledgements);
            return;
        }

        var entry = acknowledgements.Add(message, frame.Sequence);
        if (await pipeline.IngestAsync(frame, cancellationToken) is var outcome && outcome != IngestOutcome.Accepted)
        {
            // Already taken (a frame delivered again) or refused by the pipeline's own checks: no completion of this
            // delivery follows, so it is done as soon as the pipeline finished the frame (or at once), not left pending at the end.
            acknowledgements.Refused(entry, alreadyTaken: outcome == IngestOutcome.Duplicate);
            await AcknowledgeFinishedAsync(acknowledgements);
        }
    }

    private async Task AcknowledgeAsync(CameraSubscription completions, FrameAcknowledgements acknowledgements)
    {
        while (await WaitForCompletionsAsync(completions.Reader, acknowledgements))
        {
            if (_abort.IsCancellationRequested)
            {
                return;
            }

            while (completions.Reader.TryRead(out var completed))
            {
                acknowledgements.Ended(completed);
                if (Interlocked.Exchange(ref _firstProcessed, 1) == 0)
                {
                    LogTakeover();
                }
            }

            await AcknowledgeFinishedAsync(acknowledgements);
        }

        // The camera stops: an acknowledgement that did not reach NATS is sent again until it lands, or the drain is cut
        // short. Left unsent, the next owner would process the camera's last frames again (their violations twice).
        while (acknowledgements.HasFailedAcknowledgement && !_abort.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(AckRetryDelay, _services.Time, _abort.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await AcknowledgeFinishedAsync(acknowledgements);
        }
    }

    private void LogTakeover()
    {
        double Since(long timestamp) => timestamp == 0 ? double.NaN : _services.Time.GetElapsedTime(_takenAt, timestamp).TotalMilliseconds;
        var total = _services.Time.GetElapsedTime(_takenAt).TotalMilliseconds;
        var recovered = Since(_recoveredAt);
        var built = Since(_builtAt);
        var received = Since(Volatile.Read(ref _firstReceivedAt));
        FirstFrameProcessed(_services.Logger, CameraId, total, recovered, built, received);
    }

    /// <summary>False once the pipeline's completions ended; wakes after <see cref="AckRetryDelay"/> while a failed acknowledgement waits.</summary>
    private static async Task<bool> WaitForCompletionsAsync(ChannelReader<CameraEvent> completions, FrameAcknowledgements acknowledgements)
    {
        if (!acknowledgements.HasFailedAcknowledgement)
        {
            return await completions.WaitToReadAsync(CancellationToken.None);
        }

        using var retry = new CancellationTokenSource(AckRetryDelay);
        try
        {
            return await completions.WaitToReadAsync(retry.Token);
        }
        catch (OperationCanceledException) when (retry.IsCancellationRequested)
        {
            return true;
        }
    }

    /// <summary>Acknowledges the newest frame of the finished prefix (the consumer acknowledges all before it with it).</summary>
    private async Task AcknowledgeFinishedAsync(FrameAcknowledgements acknowledgements)
    {
        await _acking.WaitAsync(CancellationToken.None);
        try
        {
            if (acknowledgements.TakeAcknowledgeable() is not { } newest)
            {
                return;
            }

            try
            {
                await newest.AckAsync(cancellationToken: CancellationToken.None);
            }
            catch (Exception error) when (error is NATS.Client.Core.NatsException or TimeoutException)
            {
                // NATS is away: sent again shortly, or covered by the next acknowledgement.
                acknowledgements.AcknowledgementFailed(newest);
                AckFailed(_services.Logger, CameraId, error.Message);
            }
        }
        finally
        {
            _acking.Release();
        }
    }

    /// <summary>
    /// Before the consumer is made afresh (which deletes the one in place, whoever reads it): an acknowledgement being sent
    /// goes out first (to the old consumer) and none follows; and the camera's lease must not be another node's, or this
    /// node would cut the camera's frames off under their new owner (who would make the consumer afresh in turn).
    /// </summary>
    private async Task BeforeConsumerResumesAsync(FrameAcknowledgements acknowledgements, CancellationToken cancellationToken)
    {
        await _acking.WaitAsync(CancellationToken.None);
        try
        {
            acknowledgements.ForgetDeliveries();
        }
        finally
        {
            _acking.Release();
        }

        // No holder (the lease expired while NATS was away, say) is no other owner: the heartbeat takes it again or finds it taken.
        if (await CameraLeaseHolder.ReadAsync(_services.Connection.Owners, CameraId, cancellationToken) is { } holder && holder != _services.Cluster.NodeId)
        {
            LeaseHeldElsewhere(_services.Logger, CameraId, holder);
            throw new InvalidOperationException($"The lease of camera '{CameraId}' is held by {holder}: its consumer is left to that node.");
        }
    }

    private async Task StoreWatchlistHitsAsync(CameraSubscription hits, CancellationToken cancellationToken)
    {
        var writer = new WatchlistHitWriter(_services.Alerts, _services.Time, _services.Logger);
        await foreach (var cameraEvent in hits.Reader.ReadAllAsync(cancellationToken))
        {
            if (cameraEvent is WatchlistHitEvent hit)
            {
                await writer.StoreAsync(hit, cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Camera {CameraId} runs on this node now ({Recovered} violations of its previous owner recorded)")]
    private static partial void Started(ILogger logger, string cameraId, int recovered);

    [LoggerMessage(EventId = 7029, Level = LogLevel.Information,
        Message = "Camera {CameraId} processed its first frame {TotalMs:F0} ms after its lease was taken (journal recorded at {RecoveredMs:F0} ms, pipeline built at {BuiltMs:F0} ms, first frame from the stream at {ReceivedMs:F0} ms)")]
    private static partial void FirstFrameProcessed(ILogger logger, string cameraId, double totalMs, double recoveredMs, double builtMs, double receivedMs);

    [LoggerMessage(EventId = 7044, Level = LogLevel.Error, Message = "Camera {CameraId}: its previous owner's pending violations could not be read; trying again in {Backoff}")]
    private static partial void RecoveryFailed(ILogger logger, Exception exception, string cameraId, TimeSpan backoff);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Error, Message = "Camera {CameraId} pipeline failed; restarting in {Backoff}")]
    private static partial void PipelineFailed(ILogger logger, Exception error, string cameraId, TimeSpan backoff);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Warning, Message = "Camera {CameraId} lost its frame feed; resuming in {Backoff}")]
    private static partial void FeedFailed(ILogger logger, Exception error, string cameraId, TimeSpan backoff);

    [LoggerMessage(EventId = 7024, Level = LogLevel.Warning, Message = "Camera {CameraId}: frame at stream sequence {StreamSequence} has no valid Vision-Sequence / Vision-Captured-At headers; skipped")]
    private static partial void MalformedFrame(ILogger logger, string cameraId, ulong streamSequence);

    [LoggerMessage(EventId = 7025, Level = LogLevel.Warning, Message = "Camera {CameraId}: acknowledging frames failed ({Reason}); trying again")]
    private static partial void AckFailed(ILogger logger, string cameraId, string reason);

    [LoggerMessage(EventId = 7045, Level = LogLevel.Error, Message = "Camera {CameraId}: a stage failed to complete as the camera left this node; the other stages completed")]
    private static partial void StageCompletionFailed(ILogger logger, Exception error, string cameraId);

    [LoggerMessage(EventId = 7026, Level = LogLevel.Warning, Message = "Camera {CameraId} did not finish draining in time; its next owner records what is left")]
    private static partial void DrainCutShort(ILogger logger, string cameraId);

    [LoggerMessage(EventId = 7043, Level = LogLevel.Warning,
        Message = "Camera {CameraId}: its lease is held by {Node}; this node takes none of its frames and leaves its consumer to that node")]
    private static partial void LeaseHeldElsewhere(ILogger logger, string cameraId, string node);
}

/// <summary>What every owned camera runs with.</summary>
public sealed record OwnedCameraServices(
    ClusterConnection Connection,
    ClusterOptions Cluster,
    CameraPipelineFactory Pipelines,
    EvidenceRecorder Recorder,
    EvidenceOptions Evidence,
    SupervisorOptions Supervisor,
    AlertLog Alerts,
    PipelineMetrics Metrics,
    TimeProvider Time,
    ILogger Logger);
