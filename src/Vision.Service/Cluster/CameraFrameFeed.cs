using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace Vision.Service.Cluster;

/// <summary>
/// One owned camera's frames from the frame stream, in order, through the camera's durable consumer, on a NATS
/// connection of the camera's own. nats-server queues what it sends a connection until the client reads it and cuts the
/// connection off once that queue passes its <c>max_pending</c> (64 MiB by default): six cameras pulling 32 frames of
/// 1080p each on one connection asked for twice that, so a node with a backlog was cut off again and again. Here each
/// pull asks for at most <see cref="PullBytes"/>, on a connection no other camera shares, and every frame the server
/// sends is read off the socket at once (at most <c>ClusterOptions.MaxFramesInFlight</c> are unacknowledged), so a
/// camera whose pipeline is busy never holds back the socket, another camera, or the node's lease heartbeats.
/// </summary>
public sealed partial class CameraFrameFeed : IAsyncDisposable
{
    private static readonly TimeSpan AckWait = TimeSpan.FromMinutes(1);
    private readonly string _cameraId;
    private readonly int _maxFramesInFlight;
    private readonly NatsConnection _connection;
    private readonly INatsJSContext _jetStream;
    private readonly ILogger _logger;

    /// <param name="connection">The camera's own connection (the feed disposes it), e.g. <c>ClusterConnection.OpenConnection</c>.</param>
    /// <param name="maxFramesInFlight">Frames delivered and not yet acknowledged at most (<c>ClusterOptions.MaxFramesInFlight</c>).</param>
    /// <param name="pullBytes">Bytes one pull asks for at most: at least twice the camera's largest frame, since half a pull
    /// is asked for again once half arrived (<c>ClusterOptions.PullBytesFor</c>).</param>
    public CameraFrameFeed(NatsConnection connection, string cameraId, int maxFramesInFlight, int pullBytes, ILogger logger)
    {
        _cameraId = cameraId;
        _maxFramesInFlight = maxFramesInFlight;
        _logger = logger;
        PullBytes = pullBytes;
        _connection = connection;
        _jetStream = _connection.CreateJetStreamContext();
    }

    /// <summary>The most bytes of frames one pull asks the server for (what the server queues for this camera at most).</summary>
    public int PullBytes { get; }

    /// <summary>
    /// Hands every frame to <paramref name="take"/> in stream order until cancelled, starting after the last frame
    /// acknowledged on the camera's consumer. After NATS reconnected the consumer is made afresh from its acknowledgements
    /// (frames taken but not acknowledged come again). Throws when NATS cannot be reached (the caller retries).
    /// </summary>
    /// <param name="beforeResuming">Called before every (re)creation of the consumer, which deletes the one in place whoever
    /// reads it: from then on no delivery of the previous one is acknowledged (it would go to a consumer that is gone:
    /// each consumer has a name of its own, <see cref="FrameConsumers"/>). What it throws ends the feed, the consumer left as it is.</param>
    public async Task ConsumeAsync(Func<INatsJSMsg<byte[]>, CancellationToken, Task> take, CancellationToken cancellationToken,
        Func<Task>? beforeResuming = null)
    {
        await _connection.ConnectAsync();
        var pull = new NatsJSConsumeOpts { MaxBytes = PullBytes };
        while (true)
        {
            // A NATS server killed and started again may restore a consumer whose delivered and acknowledged positions
            // disagree (acknowledgements then go unheeded): after every reconnection the consumer is made afresh.
            using var reconnected = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var disconnected = 0;
            ValueTask OnDisconnectedAsync(object? sender, NatsEventArgs args)
            {
                Volatile.Write(ref disconnected, 1);
                return ValueTask.CompletedTask;
            }

            // Only an opening after a loss counts (the event of the first connection may come late).
            ValueTask OnOpenedAsync(object? sender, NatsEventArgs args)
            {
                if (Volatile.Read(ref disconnected) == 1)
                {
                    reconnected.Cancel();
                }

                return ValueTask.CompletedTask;
            }

            _connection.ConnectionDisconnected += OnDisconnectedAsync;
            _connection.ConnectionOpened += OnOpenedAsync;
            try
            {
                if (beforeResuming is not null)
                {
                    await beforeResuming();
                }

                var consumer = await ResumeConsumerAsync(reconnected.Token);
                // Bounded by the consumer's MaxAckPending: the server sends no more unacknowledged frames than that.
                var received = Channel.CreateUnbounded<INatsJSMsg<byte[]>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
                var receiving = ReceiveAsync(consumer, pull, received.Writer, reconnected.Token);
                await foreach (var message in received.Reader.ReadAllAsync(reconnected.Token))
                {
                    // The channel hands over what it holds without looking at the token: a stopped feed (a lease lost, a
                    // release) took up to a pull's worth of frames more, and after a reconnection the old consumer's frames.
                    reconnected.Token.ThrowIfCancellationRequested();
                    await take(message, cancellationToken);
                }

                await receiving;
            }
            catch (OperationCanceledException) when (reconnected.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                ReconnectedConsumer(_logger, _cameraId);
                continue;
            }
            finally
            {
                _connection.ConnectionOpened -= OnOpenedAsync;
                _connection.ConnectionDisconnected -= OnDisconnectedAsync;
            }

            // Ends only when stopped: a consumer deleted or cut off under it is made again from its acknowledgements.
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"The frame consumer of camera '{_cameraId}' ended.");
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>Takes every frame off the connection as it arrives, so the socket is read whatever the pipeline does.</summary>
    private static async Task ReceiveAsync(INatsJSConsumer consumer, NatsJSConsumeOpts pull, ChannelWriter<INatsJSMsg<byte[]>> received, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: pull, cancellationToken: cancellationToken))
            {
                received.TryWrite(message);
            }

            received.TryComplete();
        }
        catch (Exception error)
        {
            received.TryComplete(error);
        }
    }

    /// <summary>
    /// The camera's durable consumer, made afresh from where the last owner's acknowledgements got to: frames a dead
    /// owner took but never finished come again at once, not after the acknowledgement timeout.
    /// </summary>
    private async Task<INatsJSConsumer> ResumeConsumerAsync(CancellationToken cancellationToken)
    {
        // None on the camera's first owner: every frame on the stream is new.
        ulong finishedUpTo = 0;
        foreach (var existing in await FrameConsumers.OfCameraAsync(_jetStream, _cameraId, cancellationToken))
        {
            var startedAt = existing.Info.Config.OptStartSeq;
            finishedUpTo = Math.Max(finishedUpTo, Math.Max(existing.Info.AckFloor?.StreamSeq ?? 0, startedAt > 0 ? startedAt - 1 : 0));
            // Nothing awaiting acknowledgement: everything it delivered was finished. (nats-server 2.9 was seen reporting an
            // ack floor of 0 for such a consumer after a restart, which would have the next owner process a minute again.)
            if (existing.Info.NumAckPending == 0 && existing.Info.Delivered?.StreamSeq is { } delivered)
            {
                finishedUpTo = Math.Max(finishedUpTo, delivered);
            }

            try
            {
                await _jetStream.DeleteConsumerAsync(ClusterNames.FramesStream, existing.Info.Name, cancellationToken);
            }
            catch (NatsJSApiException error) when (error.Error.Code == 404)
            {
                // Deleted meanwhile by another resumption.
            }
        }

        var config = new ConsumerConfig(FrameConsumers.NewName(_cameraId))
        {
            FilterSubject = ClusterNames.FrameSubject(_cameraId),
            AckPolicy = ConsumerConfigAckPolicy.All,
            AckWait = AckWait,
            MaxAckPending = _maxFramesInFlight,
            DeliverPolicy = finishedUpTo > 0 ? ConsumerConfigDeliverPolicy.ByStartSequence : ConsumerConfigDeliverPolicy.All,
        };
        if (finishedUpTo > 0)
        {
            config.OptStartSeq = finishedUpTo + 1;
        }

        ResumingFrames(_logger, _cameraId, finishedUpTo + 1);
        return await _jetStream.CreateOrUpdateConsumerAsync(ClusterNames.FramesStream, config, cancellationToken);
    }

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "Camera {CameraId} resumes at stream sequence {StreamSequence}")]
    private static partial void ResumingFrames(ILogger logger, string cameraId, ulong streamSequence);

    [LoggerMessage(EventId = 7028, Level = LogLevel.Information, Message = "Camera {CameraId}: NATS reconnected; its frame consumer is made afresh from its acknowledgements")]
    private static partial void ReconnectedConsumer(ILogger logger, string cameraId);
}
