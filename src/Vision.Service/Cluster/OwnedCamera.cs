using System.Threading.Channels;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
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
    private static readonly TimeSpan AckWait = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AckRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnrecordedPoll = TimeSpan.FromMilliseconds(200);
    private readonly CameraDefinition _camera;
    private readonly OwnedCameraServices _services;
    private readonly CancellationTokenSource _stopFeeding = new();
    private readonly CancellationTokenSource _abort = new();
    private Task _running = Task.CompletedTask;

    public OwnedCamera(CameraDefinition camera, ulong leaseRevision, OwnedCameraServices services)
    {
        _camera = camera;
        _services = services;
        LeaseRevision = leaseRevision;
    }

    public string CameraId => _camera.Id;

    /// <summary>The revision of this node's lease entry; renewing it checks that nobody else wrote the key since.</summary>
    public ulong LeaseRevision { get; set; }

    /// <summary>Set once the camera is being handed to another node (its lease is kept until the drain is over).</summary>
    public Task? Released { get; private set; }

    /// <summary>Starts the camera off the caller's thread (the heartbeat must never wait for a pipeline to be built).</summary>
    public void Start() => _running = Task.Run(RunAsync);

    public void Dispose()
    {
        _stopFeeding.Dispose();
        _abort.Dispose();
    }

    /// <summary>Stops taking frames, finishes every frame taken and records the camera's violations; the lease is still held.</summary>
    public Task ReleaseAsync() => Released ??= DrainAsync();

    /// <summary>The lease was lost (another node holds it now): stop at once, without acknowledging more frames.</summary>
    public async Task AbortAsync()
    {
        await _abort.CancelAsync();
        await _stopFeeding.CancelAsync();
        await _running.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private async Task DrainAsync()
    {
        await _stopFeeding.CancelAsync();
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
            await _abort.CancelAsync();
        }
    }

    private async Task RunAsync()
    {
        var abort = _abort.Token;
        try
        {
            var recovered = await _services.Recorder.RecoverAsync(CameraId, abort);
            var pipeline = _services.Pipelines.Create(_camera);
            var acknowledgements = new FrameAcknowledgements();
            var completions = pipeline.Events.Subscribe(capacity: 4096, accepts: static e => e is FrameCompletedEvent or FrameDroppedEvent);
            var hits = pipeline.Events.Subscribe(accepts: static e => e is WatchlistHitEvent);
            var acknowledging = AcknowledgeAsync(completions, acknowledgements);
            var watchlist = StoreWatchlistHitsAsync(hits, abort);
            var pipelineRun = RestartLoop.RunAsync(pipeline.RunAsync, _services.Supervisor, _services.Time,
                (error, backoff) => PipelineFailed(_services.Logger, error, CameraId, backoff), abort);
            Started(_services.Logger, CameraId, recovered);
            try
            {
                await RestartLoop.RunAsync(token => FeedAsync(pipeline, acknowledgements, token), _services.Supervisor, _services.Time,
                    (error, backoff) => FeedFailed(_services.Logger, error, CameraId, backoff), _stopFeeding.Token);
            }
            finally
            {
                // Every frame taken is finished (or the abort cuts it short), then its acknowledgement and watchlist hits follow.
                pipeline.CompleteIngest();
                await pipelineRun;
                pipeline.DropQueuedAtShutdown();
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

    private Task FeedAsync(CameraPipeline pipeline, FrameAcknowledgements acknowledgements, CancellationToken cancellationToken) =>
        _camera.Source is { } source
            ? new VideoSource(source, pipeline, Directory.GetCurrentDirectory(), _services.Time).RunAsync(cancellationToken)
            : ConsumeFramesAsync(pipeline, acknowledgements, cancellationToken);

    private async Task ConsumeFramesAsync(CameraPipeline pipeline, FrameAcknowledgements acknowledgements, CancellationToken cancellationToken)
    {
        var options = new NatsJSConsumeOpts { MaxMsgs = _services.Cluster.MaxFramesInFlight };
        while (true)
        {
            // A NATS server killed and started again may restore a consumer whose delivered and acknowledged positions
            // disagree (acknowledgements then go unheeded): after every reconnection the consumer is made afresh.
            using var reconnected = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ValueTask OnReconnectedAsync(object? sender, NATS.Client.Core.NatsEventArgs args)
            {
                reconnected.Cancel();
                return ValueTask.CompletedTask;
            }

            _services.Connection.Connection.ConnectionOpened += OnReconnectedAsync;
            try
            {
                var consumer = await ResumeConsumerAsync(cancellationToken);
                await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: options, cancellationToken: reconnected.Token))
                {
                    await TakeAsync(pipeline, acknowledgements, message, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (reconnected.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                ReconnectedConsumer(_services.Logger, CameraId);
                continue;
            }
            finally
            {
                _services.Connection.Connection.ConnectionOpened -= OnReconnectedAsync;
            }

            // Ends only when stopped: a consumer deleted or cut off under it is made again from its acknowledgements.
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"The frame consumer of camera '{CameraId}' ended.");
        }
    }

    private async Task TakeAsync(CameraPipeline pipeline, FrameAcknowledgements acknowledgements, INatsJSMsg<byte[]> message, CancellationToken cancellationToken)
    {
        if (FrameMessage.Read(CameraId, message.Headers, message.Data) is not { } frame)
        {
            MalformedFrame(_services.Logger, CameraId, message.Metadata?.Sequence.Stream ?? 0);
            acknowledgements.Add(message, null);
            await AcknowledgeFinishedAsync(acknowledgements);
            return;
        }

        var entry = acknowledgements.Add(message, frame.Sequence);
        if (await pipeline.IngestAsync(frame, cancellationToken) != IngestOutcome.Accepted)
        {
            // Already taken (a frame delivered again) or refused by the pipeline's own checks: no completion will
            // follow, so it is acknowledged now (with the finished frames before it), not left pending at the end.
            acknowledgements.Refused(entry);
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
                acknowledgements.Finished(completed.Sequence);
            }

            await AcknowledgeFinishedAsync(acknowledgements);
        }
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

    /// <summary>
    /// The camera's durable consumer, made afresh from where the last owner's acknowledgements got to: frames a dead
    /// owner took but never finished come again at once, not after the acknowledgement timeout.
    /// </summary>
    private async Task<INatsJSConsumer> ResumeConsumerAsync(CancellationToken cancellationToken)
    {
        var js = _services.Connection.JetStream;
        var name = ClusterNames.FrameConsumer(CameraId);
        ulong finishedUpTo = 0;
        try
        {
            var existing = await js.GetConsumerAsync(ClusterNames.FramesStream, name, cancellationToken);
            var startedAt = existing.Info.Config.OptStartSeq;
            finishedUpTo = Math.Max(existing.Info.AckFloor?.StreamSeq ?? 0, startedAt > 0 ? startedAt - 1 : 0);
            await js.DeleteConsumerAsync(ClusterNames.FramesStream, name, cancellationToken);
        }
        catch (NatsJSApiException error) when (error.Error.Code == 404)
        {
            // The camera's first owner: every frame on the stream is new.
        }

        var config = new ConsumerConfig(name)
        {
            FilterSubject = ClusterNames.FrameSubject(CameraId),
            AckPolicy = ConsumerConfigAckPolicy.All,
            AckWait = AckWait,
            MaxAckPending = _services.Cluster.MaxFramesInFlight,
            DeliverPolicy = finishedUpTo > 0 ? ConsumerConfigDeliverPolicy.ByStartSequence : ConsumerConfigDeliverPolicy.All,
        };
        if (finishedUpTo > 0)
        {
            config.OptStartSeq = finishedUpTo + 1;
        }

        ResumingFrames(_services.Logger, CameraId, finishedUpTo + 1);
        return await js.CreateOrUpdateConsumerAsync(ClusterNames.FramesStream, config, cancellationToken);
    }

    private async Task StoreWatchlistHitsAsync(CameraSubscription hits, CancellationToken cancellationToken)
    {
        await foreach (var cameraEvent in hits.Reader.ReadAllAsync(cancellationToken))
        {
            if (cameraEvent is WatchlistHitEvent hit)
            {
                try
                {
                    await _services.Alerts.AppendWatchlistHitAsync(hit.CameraId, hit.TrackId, hit.TrackFirstSeen, hit.Sequence, hit.CapturedAt, hit.Hit, cancellationToken);
                }
#pragma warning disable CA1031 // The store is unreachable: this hit is logged; later ones are stored again.
                catch (Exception error) when (error is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    WatchlistHitNotStored(_services.Logger, error, hit.CameraId, hit.TrackId);
                }
            }
        }
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Camera {CameraId} runs on this node now ({Recovered} violations of its previous owner recorded)")]
    private static partial void Started(ILogger logger, string cameraId, int recovered);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "Camera {CameraId} resumes at stream sequence {StreamSequence}")]
    private static partial void ResumingFrames(ILogger logger, string cameraId, ulong streamSequence);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Error, Message = "Camera {CameraId} pipeline failed; restarting in {Backoff}")]
    private static partial void PipelineFailed(ILogger logger, Exception error, string cameraId, TimeSpan backoff);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Warning, Message = "Camera {CameraId} lost its frame feed; resuming in {Backoff}")]
    private static partial void FeedFailed(ILogger logger, Exception error, string cameraId, TimeSpan backoff);

    [LoggerMessage(EventId = 7024, Level = LogLevel.Warning, Message = "Camera {CameraId}: frame at stream sequence {StreamSequence} has no valid Vision-Sequence / Vision-Captured-At headers; skipped")]
    private static partial void MalformedFrame(ILogger logger, string cameraId, ulong streamSequence);

    [LoggerMessage(EventId = 7025, Level = LogLevel.Warning, Message = "Camera {CameraId}: acknowledging frames failed ({Reason}); trying again")]
    private static partial void AckFailed(ILogger logger, string cameraId, string reason);

    [LoggerMessage(EventId = 7028, Level = LogLevel.Information, Message = "Camera {CameraId}: NATS reconnected; its frame consumer is made afresh from its acknowledgements")]
    private static partial void ReconnectedConsumer(ILogger logger, string cameraId);

    [LoggerMessage(EventId = 7026, Level = LogLevel.Warning, Message = "Camera {CameraId} did not finish draining in time; its next owner records what is left")]
    private static partial void DrainCutShort(ILogger logger, string cameraId);

    [LoggerMessage(EventId = 7027, Level = LogLevel.Error, Message = "Watchlist hit on {CameraId} track {TrackId} could not be stored as an alert")]
    private static partial void WatchlistHitNotStored(ILogger logger, Exception error, string cameraId, long trackId);
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
    TimeProvider Time,
    ILogger Logger);
