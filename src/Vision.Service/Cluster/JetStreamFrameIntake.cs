using System.Collections.Concurrent;
using Google.Rpc;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Vision.Pipeline.Runtime;
using Vision.Service.Grpc;

namespace Vision.Service.Cluster;

/// <summary>
/// Cluster mode's intake: a gateway's frame, once checked, is published to the camera's subject on the frame stream
/// and acknowledged to the gateway only when JetStream stored it, so an acknowledged frame survives the loss of this
/// node. The node that owns the camera consumes it. While NATS is unreachable a publish is retried for
/// <see cref="PublishPatience"/>, then the stream ends with UNAVAILABLE and the gateway resumes after its last
/// acknowledged frame, on any node; a stream opened meanwhile is refused UNAVAILABLE after as long.
/// </summary>
public sealed partial class JetStreamFrameIntake(ClusterConnection cluster, ILogger<JetStreamFrameIntake> logger) : IFrameIntake
{
    private static readonly TimeSpan PublishPatience = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    // The frame's headers and subject travel in the same message as its JPEG.
    private const int HeaderAllowance = 1024;
    private readonly ConcurrentDictionary<string, ClusterFrameGate> _gates = new(StringComparer.Ordinal);

    public async ValueTask<long> LastAcceptedSequenceAsync(CameraPipeline camera, CancellationToken cancellationToken)
    {
        var gate = GateOf(camera);
        var (lastOnStream, capturedAt) = await LastOnStreamAsync(camera.Id, cancellationToken);
        gate.CatchUp(lastOnStream, capturedAt);
        return gate.LastAccepted;
    }

    /// <summary>
    /// The camera's limit, and no more than the NATS server carries: a gateway told 4 MiB sent 4K frames that were all
    /// refused as too large, a warning each.
    /// </summary>
    public int MaxFrameBytes(CameraPipeline camera) => cluster.Connection.ServerInfo is { } server
        ? (int)Math.Min(camera.Definition.MaxFrameBytes, (long)server.MaxPayload - HeaderAllowance)
        : camera.Definition.MaxFrameBytes;

    public string? RefusalDetail(CameraPipeline camera, long sequence) =>
        camera.LastRefusal is { } refusal && refusal.Sequence == sequence ? refusal.Detail : null;

    public async ValueTask<IngestOutcome> IngestAsync(CameraPipeline camera, EncodedFrame frame, CancellationToken cancellationToken)
    {
        // NATS refuses a message above its max_payload (1 MB unless configured) however often it is sent: too large, at once.
        if (cluster.Connection.ServerInfo is { } server && frame.Jpeg.Length > server.MaxPayload - HeaderAllowance)
        {
            OverMaxPayload(logger, frame.CameraId, frame.Sequence, frame.Jpeg.Length, server.MaxPayload);
            camera.CountRefused(frame.Sequence, IngestOutcome.TooLarge,
                $"the frame holds {frame.Jpeg.Length} bytes; the cluster's NATS server carries at most {server.MaxPayload - HeaderAllowance} a frame (its max_payload, {server.MaxPayload})");
            return IngestOutcome.TooLarge;
        }

        var gate = GateOf(camera);
        var previous = gate.LastAccepted;
        var outcome = gate.Admit(frame);
        if (outcome != IngestOutcome.Accepted)
        {
            camera.CountRefused(frame.Sequence, outcome, gate.RefusalDetail(frame.Sequence));
            return outcome;
        }

        try
        {
            await PublishAsync(frame, cancellationToken);
            return IngestOutcome.Accepted;
        }
        catch
        {
            gate.Forget(frame.Sequence, previous);
            throw;
        }
    }

    private ClusterFrameGate GateOf(CameraPipeline camera) => _gates.GetOrAdd(camera.Id, static (_, definition) => new ClusterFrameGate(definition), camera.Definition);

    private async Task<PubAckResponse> PublishAsync(EncodedFrame frame, CancellationToken cancellationToken)
    {
        var subject = ClusterNames.FrameSubject(frame.CameraId);
        var options = new NatsJSPubOpts { MsgId = FrameMessage.MessageId(frame.CameraId, frame.Sequence) };
        var deadline = DateTime.UtcNow + PublishPatience;
        while (true)
        {
            try
            {
                var ack = await cluster.JetStream.PublishAsync(subject, frame.Jpeg, opts: options,
                    headers: FrameMessage.Headers(frame.Sequence, frame.CapturedAt), cancellationToken: cancellationToken);
                // A resend of a frame stored before its acknowledgement was lost (NATS restarting): stored once, taken as stored.
                if (!ack.Duplicate)
                {
                    ack.EnsureSuccess();
                }

                return ack;
            }
            catch (NatsJSDuplicateMessageException)
            {
                return new PubAckResponse { Duplicate = true };
            }
            catch (Exception error) when (error is NatsException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    PublishFailed(logger, error, frame.CameraId, frame.Sequence);
                    throw StreamErrors.Create(Code.Unavailable, "FRAME_STREAM_UNAVAILABLE",
                        $"Frame {frame.Sequence} of camera '{frame.CameraId}' could not be stored on the cluster's frame stream; reconnect and resume after the last acknowledged frame.",
                        ("camera_id", frame.CameraId));
                }

                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The newest frame the stream holds for the camera. While NATS is away the client waits for it to come back: the
    /// wait is bounded by <see cref="PublishPatience"/>, as a publish is, and then the stream is refused UNAVAILABLE.
    /// </summary>
    private async Task<(long Sequence, DateTimeOffset? CapturedAt)> LastOnStreamAsync(string cameraId, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(PublishPatience);
        try
        {
            var last = await cluster.JetStream.GetStreamAsync(ClusterNames.FramesStream, cancellationToken: patience.Token);
            var message = await last.GetDirectAsync<byte[]>(new StreamMsgGetRequest { LastBySubj = ClusterNames.FrameSubject(cameraId) },
                cancellationToken: patience.Token);
            return (FrameMessage.SequenceOf(message.Headers) ?? -1, FrameMessage.CapturedAtOf(message.Headers));
        }
        catch (NatsJSApiException error) when (error.Error.Code == 404)
        {
            return (-1, null);
        }
        catch (Exception error) when (error is NatsException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The gateway cannot be told where to resume: it must reconnect once NATS is back, as after a failed publish.
            LastFrameUnknown(logger, error, cameraId);
            throw StreamErrors.Create(Code.Unavailable, "FRAME_STREAM_UNAVAILABLE",
                $"The cluster's frame stream cannot be reached to find the last stored frame of camera '{cameraId}'; reconnect shortly.",
                ("camera_id", cameraId));
        }
    }

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Camera {CameraId}: a stream could not be opened, the frame stream is unreachable")]
    private static partial void LastFrameUnknown(ILogger logger, Exception error, string cameraId);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning,
        Message = "Frame {Sequence} of camera {CameraId} ({Bytes} bytes) is larger than the NATS server's max_payload ({MaxPayload} bytes); refused as too large (raise max_payload, see deploy/)")]
    private static partial void OverMaxPayload(ILogger logger, string cameraId, long sequence, int bytes, long maxPayload);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Error, Message = "Frame {Sequence} of camera {CameraId} could not be published to the frame stream")]
    private static partial void PublishFailed(ILogger logger, Exception error, string cameraId, long sequence);
}
