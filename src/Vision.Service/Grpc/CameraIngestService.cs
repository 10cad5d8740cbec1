using System.Security.Claims;
using System.Threading.Channels;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Vision.Contracts.V1;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Runtime;
using Vision.Service.Security;
using Vision.Storage;

namespace Vision.Service.Grpc;

/// <summary>
/// vision.v1.CameraIngest: one bidirectional stream per camera gateway. Frames go into the camera's pipeline, which
/// outlives the stream: what was accepted is processed even if the gateway disconnects.
/// </summary>
[Authorize(Roles = RpcRoles.Gateways)]
public sealed class CameraIngestService(CameraSupervisor supervisor, CameraRegistry registry, IngestStreamLeases leases, CaptureTimeWindow captureWindow,
    IFrameIntake intake, CredentialCheck credentials, IHostApplicationLifetime lifetime)
    : CameraIngest.CameraIngestBase
{
    private const int OutboxCapacity = 256;
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CompletionWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a stopping service keeps a stream open to report the frames it accepted. The cameras go on draining
    /// after it (the host stops them once the streams have ended), so this bounds only what the gateway is told.
    /// </summary>
    private static readonly TimeSpan ShutdownReportWait = TimeSpan.FromSeconds(15);

    /// <summary>How long a stream ending on an error waits to send the answers already queued (acks of frames it took).</summary>
    private static readonly TimeSpan ErrorFlushWait = TimeSpan.FromSeconds(5);

    /// <summary>Why a camera the supervisor does not run refuses a gateway: unknown, fed by its own source (enabled or not), or switched off.</summary>
    private RpcException NotRunning(string cameraId) => registry.Find(cameraId) switch
    {
        null => StreamErrors.Create(Code.NotFound, "CAMERA_UNKNOWN", $"Camera '{cameraId}' is not in the camera registry.", ("camera_id", cameraId)),
        { Source: not null } => HasSource(cameraId),
        _ => StreamErrors.Create(Code.FailedPrecondition, "CAMERA_DISABLED",
            $"Camera '{cameraId}' is in the camera registry but disabled (Vision:Cameras:N:Enabled).", ("camera_id", cameraId)),
    };

    private static RpcException HasSource(string cameraId) => StreamErrors.Create(Code.FailedPrecondition, "CAMERA_HAS_SOURCE",
        $"Camera '{cameraId}' is fed by its configured source, not by a gateway.", ("camera_id", cameraId));

    private static RpcException ServiceStopping(string cameraId) => StreamErrors.Create(Code.Unavailable, "SHUTTING_DOWN",
        $"The service is stopping; reconnect (to another node in a cluster) and resume after the last acknowledged frame of camera '{cameraId}'.",
        ("camera_id", cameraId));

    private static RpcException CredentialEnded(string cameraId) => StreamErrors.Create(Code.Unauthenticated, "CREDENTIAL_ENDED",
        $"The credential this stream of camera '{cameraId}' was opened with was revoked, disabled or has expired; frames acknowledged before stay accepted.",
        ("camera_id", cameraId));

    private static RpcException Superseded(string cameraId) => StreamErrors.Create(Code.Aborted, "STREAM_SUPERSEDED",
        $"A newer stream opened for camera '{cameraId}'; this one is closed.", ("camera_id", cameraId));

    /// <summary>Tells the gateway the camera's limits and after which frame to resume.</summary>
    private async Task AcceptAsync(CameraPipeline camera, IServerStreamWriter<IngestResponse> responseStream, CancellationToken cancellationToken)
    {
        var lastAccepted = await intake.LastAcceptedSequenceAsync(camera, cancellationToken);
        var accepted = new StreamAccepted
        {
            Camera = IngestMapping.ToContract(camera.Definition),
            MaxFrameBytes = intake.MaxFrameBytes(camera),
            IngestQueueCapacity = camera.Definition.IngestQueueCapacity,
        };
        if (lastAccepted >= 0)
        {
            accepted.LastAcceptedSequence = (ulong)lastAccepted;
        }

        await responseStream.WriteAsync(new IngestResponse { Accepted = accepted }, cancellationToken);
    }

    public override async Task Stream(IAsyncStreamReader<IngestRequest> requestStream, IServerStreamWriter<IngestResponse> responseStream, ServerCallContext context)
    {
        var callEnded = context.CancellationToken;
        if (!await requestStream.MoveNext(callEnded) || requestStream.Current.KindCase != IngestRequest.KindOneofCase.Open)
        {
            throw StreamErrors.Create(Code.FailedPrecondition, "STREAM_NOT_OPENED", "The first message of an ingest stream must be `open`.");
        }

        var open = requestStream.Current.Open;
        if (open.CameraId.Length == 0)
        {
            throw ClientText.Invalid("open.camera_id", "required: the camera whose frames the stream carries");
        }

        ClientText.RequireId(open.CameraId, "open.camera_id");
        CameraPermissions.RequireMayStream(context.GetHttpContext().User, open.CameraId);
        var camera = supervisor.Find(open.CameraId) ?? throw NotRunning(open.CameraId);
        if (camera.Definition.Source is not null)
        {
            throw HasSource(camera.Id);
        }

        // Checked before the lease too: taking it would end the stream still reporting its frames during the stop.
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw ServiceStopping(camera.Id);
        }

        using var lease = leases.Acquire(camera.Id);
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw ServiceStopping(camera.Id);
        }

        // A stopping service stops reading frames at once (the host would otherwise wait for the gateway until its
        // shutdown timeout), reports how each frame it accepted ended, then ends the stream: the gateway resumes after
        // its last accepted frame on another node, or on this one once it is back.
        using var send = CancellationTokenSource.CreateLinkedTokenSource(callEnded, lease.Superseded);
        // A credential revoked or expired ends the stream even while the gateway sends nothing (an idle stream was only
        // checked when a frame came).
        using var credentialEnded = new CancellationTokenSource();
        using var read = CancellationTokenSource.CreateLinkedTokenSource(send.Token, lifetime.ApplicationStopping, credentialEnded.Token);
        try
        {
            await AcceptAsync(camera, responseStream, send.Token);
        }
        catch (OperationCanceledException) when (lease.IsSuperseded)
        {
            throw Superseded(camera.Id);
        }

        var outbox = Channel.CreateBounded<IngestResponse>(new BoundedChannelOptions(OutboxCapacity) { SingleReader = true });
        var subscription = camera.Events.Subscribe();
        var writer = WriteAllAsync(outbox, responseStream, send.Token);
        var notices = ForwardEventsAsync(camera, subscription, open.IncludeTracks, outbox.Writer, send.Token);
        var watching = WatchCredentialAsync(credentials, context.GetHttpContext().User, credentialEnded, read.Token);
        try
        {
            try
            {
                await ReadFramesAsync(requestStream, camera, captureWindow, intake, outbox.Writer, credentialEnded.Token, read.Token, send.Token);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !send.IsCancellationRequested)
            {
                // The stop ended the reading; what was accepted is still reported below.
            }
            catch (RpcException) when (!send.IsCancellationRequested)
            {
                // The stream ends on this error: first the gateway is told what it was already answered (its acks).
                subscription.Dispose();
                await notices.WaitAsync(ErrorFlushWait, send.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
                outbox.Writer.TryComplete();
                await writer.WaitAsync(ErrorFlushWait, send.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
                throw;
            }

            // However the reading ended (the stop, or a request stream the stopping server closed), a stopping service
            // says so: the gateway must resume elsewhere, not take the end for its own.
            var stopping = lifetime.ApplicationStopping.IsCancellationRequested;

            // The gateway finished sending, or the service is stopping: tell it how each accepted frame ended before closing.
            await WaitUntilSettledAsync(camera, send.Token);
            subscription.Dispose();
            await notices;
            await outbox.Writer.WriteAsync(new IngestResponse { Status = IngestMapping.ToStatus(camera, subscription.Missed) }, send.Token);
            outbox.Writer.Complete();
            await writer;
            if (stopping)
            {
                throw ServiceStopping(camera.Id);
            }
        }
        catch (OperationCanceledException) when (lease.IsSuperseded)
        {
            throw Superseded(camera.Id);
        }
        finally
        {
            subscription.Dispose();
            outbox.Writer.TryComplete();
            // The response stream must be quiet before the call ends and gRPC writes the status.
            await send.CancelAsync();
            await Task.WhenAll(writer, notices, watching).ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }
    }

    private static async Task ReadFramesAsync(
        IAsyncStreamReader<IngestRequest> requestStream, CameraPipeline camera, CaptureTimeWindow captureWindow, IFrameIntake intake,
        ChannelWriter<IngestResponse> outbox, CancellationToken credentialEnded, CancellationToken reading, CancellationToken sending)
    {
        ulong? lastAnswered = null;
        while (await NextAsync(requestStream, camera.Id, lastAnswered, credentialEnded, reading))
        {
            // A key revoked while the stream is open ends it: the frame just read is not taken.
            if (credentialEnded.IsCancellationRequested)
            {
                throw CredentialEnded(camera.Id);
            }

            var request = requestStream.Current;
            if (request.KindCase == IngestRequest.KindOneofCase.None)
            {
                // Nothing this service knows (a newer gateway's message kind, a keep-alive): skipped.
                continue;
            }

            if (request.KindCase != IngestRequest.KindOneofCase.Frame)
            {
                throw StreamErrors.Create(Code.InvalidArgument, "STREAM_ALREADY_OPEN", "`open` may only be the first message of a stream.");
            }

            var frame = request.Frame;
            IngestOutcome outcome;
            string? detail;
            // Each refusal is answered for this frame alone: the stream goes on. Time comes from the camera: a frame
            // without one has no plausible capture time.
            if (frame.Sequence > long.MaxValue)
            {
                (outcome, detail) = (IngestOutcome.SequenceJump, $"sequence {frame.Sequence} is above {long.MaxValue}, the largest this service numbers frames by");
                camera.CountRefused(-1, outcome, detail);
            }
            else if (captureWindow.Refusal(frame.CapturedAt, out var capturedAt) is { } timeRefusal)
            {
                (outcome, detail) = (IngestOutcome.CaptureTimeImplausible, timeRefusal);
                camera.CountRefused((long)frame.Sequence, outcome, detail);
            }
            else
            {
                outcome = await intake.IngestAsync(camera, new EncodedFrame(camera.Id, (long)frame.Sequence, capturedAt, frame.Jpeg.Memory), sending);
                detail = outcome is IngestOutcome.TooLarge or IngestOutcome.Corrupt or IngestOutcome.SequenceJump
                    ? intake.RefusalDetail(camera, (long)frame.Sequence)
                    : null;
            }

            // A frame once read is taken and acknowledged even when the service begins to stop meanwhile.
            var ack = new FrameAck { Sequence = frame.Sequence, Outcome = IngestMapping.ToContract(outcome), QueueDepth = camera.IngestQueueDepth };
            if (detail is not null)
            {
                ack.Detail = detail;
            }

            await outbox.WriteAsync(new IngestResponse { Ack = ack }, sending);
            lastAnswered = frame.Sequence;
        }
    }

    /// <summary>
    /// The next message; one over the server's message limit (Vision:Grpc:MaxReceiveMessageBytes) cannot be read, so
    /// it ends the stream, saying so: the gateway must skip that frame, not resend it after reconnecting.
    /// </summary>
    private static async Task<bool> NextAsync(IAsyncStreamReader<IngestRequest> requestStream, string cameraId, ulong? lastAnswered,
        CancellationToken credentialEnded, CancellationToken reading)
    {
        try
        {
            return await requestStream.MoveNext(reading);
        }
        catch (OperationCanceledException) when (credentialEnded.IsCancellationRequested)
        {
            throw CredentialEnded(cameraId);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.ResourceExhausted)
        {
            var after = lastAnswered is { } sequence ? $"frame {sequence}" : "the stream's opening";
            throw StreamErrors.Create(Code.ResourceExhausted, "MESSAGE_TOO_LARGE",
                $"The message after {after} is larger than this server reads (Vision:Grpc:MaxReceiveMessageBytes); " +
                "skip that frame when resuming: it will never be read.",
                ("camera_id", cameraId), ("last_answered_sequence", lastAnswered?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
        }
    }

    /// <summary>Asks again for the gateway's credential every <see cref="CredentialCheck.Interval"/>, and ends the reading once it no longer stands.</summary>
    private static async Task WatchCredentialAsync(CredentialCheck credentials, ClaimsPrincipal gateway, CancellationTokenSource credentialEnded,
        CancellationToken reading)
    {
        try
        {
            using var ticker = new PeriodicTimer(CredentialCheck.Interval);
            while (await ticker.WaitForNextTickAsync(reading))
            {
                bool stands;
                try
                {
                    stands = await credentials.StandsAsync(gateway, reading);
                }
                catch (Exception error) when (StoreErrors.IsUnavailable(error))
                {
                    // The store cannot answer right now: a stream admitted with a good credential is not cut off for it (a
                    // camera's ingest would stop at every store hiccup); it is asked again at the next tick.
                    continue;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // A credential that cannot be checked at all is not taken on trust: the stream ends (it ended before,
                    // when the check ran with each frame), rather than going on unchecked.
                    stands = false;
                }

                if (!stands)
                {
                    await credentialEnded.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
        }
    }

    private static async Task ForwardEventsAsync(
        CameraPipeline camera, CameraSubscription subscription, bool includeTracks, ChannelWriter<IngestResponse> outbox, CancellationToken cancellationToken)
    {
        using var ticker = new PeriodicTimer(StatusInterval);
        var reader = subscription.Reader;
        var tick = ticker.WaitForNextTickAsync(cancellationToken).AsTask();
        var next = reader.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            if (await Task.WhenAny(next, tick) == tick)
            {
                await tick;
                await outbox.WriteAsync(new IngestResponse { Status = IngestMapping.ToStatus(camera, subscription.Missed) }, cancellationToken);
                tick = ticker.WaitForNextTickAsync(cancellationToken).AsTask();
                continue;
            }

            if (!await next)
            {
                return;
            }

            while (reader.TryRead(out var cameraEvent))
            {
                if (IngestMapping.ToResponse(cameraEvent, includeTracks, camera.Classes) is { } response)
                {
                    await outbox.WriteAsync(response, cancellationToken);
                }
            }

            next = reader.WaitToReadAsync(cancellationToken).AsTask();
        }
    }

    private static async Task WriteAllAsync(Channel<IngestResponse> outbox, IServerStreamWriter<IngestResponse> responseStream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var response in outbox.Reader.ReadAllAsync(cancellationToken))
            {
                await responseStream.WriteAsync(response, cancellationToken);
            }
        }
        catch (Exception error)
        {
            // Nobody can be told any more: stop the reader from waiting for room in the outbox.
            outbox.Writer.TryComplete(error);
            throw;
        }
    }

    /// <summary>
    /// Waits until every frame the camera accepted has ended, at most <see cref="CompletionWait"/>, or
    /// <see cref="ShutdownReportWait"/> once the service is stopping. Frames still in flight after that are processed
    /// all the same; the final status counts them.
    /// </summary>
    private async Task WaitUntilSettledAsync(CameraPipeline camera, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(CompletionWait);
        // Runs at once when the service is already stopping.
        using var shortened = lifetime.ApplicationStopping.Register(() => bound.CancelAfter(ShutdownReportWait));
        try
        {
            await camera.Counters.WaitUntilSettledAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Waited long enough: what is still in flight is counted in the final status.
        }
    }
}
