using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Hostile;

/// <summary>A gateway sending impossible times and sequence numbers: each frame is answered on its own, the stream and the camera's state survive.</summary>
[Collection(VisionServiceCollection.Name)]
public sealed class HostileGatewayTests(VisionServiceFixture service)
{
    [Fact]
    public async Task ImpossibleCaptureTimesAndASequenceJump_AreRefusedPerFrame_AndTheStreamGoesOn()
    {
        await using var gateway = await GatewayClient.OpenAsync(service.Channel, "gw-hostile");
        const long first = 0;
        var jpeg = ByteString.CopyFrom(VtestFrames.Get(0));
        var now = DateTimeOffset.UtcNow;

        await gateway.SendAsync(first);
        await gateway.SendAsync(new CameraFrame { Sequence = (ulong)first + 1, CapturedAt = new Timestamp { Seconds = long.MaxValue }, Jpeg = jpeg });
        await gateway.SendAsync(new CameraFrame { Sequence = (ulong)first + 2, CapturedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.MinValue), Jpeg = jpeg });
        await gateway.SendAsync(new CameraFrame { Sequence = (ulong)first + 3, CapturedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero)), Jpeg = jpeg });
        await gateway.SendAsync(new CameraFrame { Sequence = long.MaxValue, CapturedAt = Timestamp.FromDateTimeOffset(now), Jpeg = jpeg });
        await gateway.SendAsync(new CameraFrame { Sequence = ulong.MaxValue, CapturedAt = Timestamp.FromDateTimeOffset(now), Jpeg = jpeg });
        await gateway.SendAsync(new CameraFrame { Sequence = (ulong)first + 4, Jpeg = jpeg }); // no capture time at all
        await gateway.SendAsync(new IngestRequest()); // a message of no kind this service knows: skipped
        // Huế's wall time stamped as UTC: seven hours ahead.
        await gateway.SendAsync(new CameraFrame { Sequence = (ulong)first + 5, CapturedAt = Timestamp.FromDateTimeOffset(now.AddHours(7).AddSeconds(30)), Jpeg = jpeg });
        await gateway.SendAsync(first + 6);
        await gateway.FinishAsync();

        Assert.Equal(
            [
                FrameAckOutcome.Accepted, FrameAckOutcome.CaptureTimeImplausible, FrameAckOutcome.CaptureTimeImplausible,
                FrameAckOutcome.CaptureTimeImplausible, FrameAckOutcome.SequenceJump, FrameAckOutcome.SequenceJump,
                FrameAckOutcome.CaptureTimeImplausible, FrameAckOutcome.CaptureTimeImplausible, FrameAckOutcome.Accepted,
            ],
            gateway.Acks.Select(ack => ack.Outcome));
        Assert.Equal(2UL, gateway.FinalStatus.Accepted);
        Assert.Equal(7UL, gateway.FinalStatus.Rejected);

        // Each refusal says why, so a gateway's operator can mend it.
        var details = gateway.Acks.Select(ack => ack.Detail).ToList();
        Assert.Equal("the capture time is not a representable timestamp (years 1 to 9999, nanoseconds below a second)", details[1]);
        Assert.StartsWith("captured ", details[2], StringComparison.Ordinal);
        Assert.Contains(" before the server's clock ", details[2], StringComparison.Ordinal);
        Assert.Contains("(Vision:Ingest:MaxCaptureAge)", details[2], StringComparison.Ordinal);
        Assert.StartsWith("sequence 9223372036854775807 is 9223372036854775807 after the last accepted, 0;", details[4], StringComparison.Ordinal);
        Assert.Equal("sequence 18446744073709551615 is above 9223372036854775807, the largest this service numbers frames by", details[5]);
        Assert.Equal("the frame has no capture time", details[6]);
        Assert.StartsWith("captured 7 h 0 min ahead of the server's clock (UTC ", details[7], StringComparison.Ordinal);
        Assert.EndsWith("at most 5 min 0 s ahead is taken (Vision:Ingest:MaxCaptureLead)", details[7], StringComparison.Ordinal);
        Assert.Equal("", details[8]);
    }

    [Fact]
    public async Task AMessageOverTheServersLimit_EndsTheStreamNamingIt_AfterEveryFrameBeforeItWasAnswered()
    {
        await using var gateway = await GatewayClient.OpenAsync(service.Channel, "gw-oversize");
        for (var sequence = 0; sequence < 20; sequence++)
        {
            await gateway.SendAsync(sequence);
        }

        // 25 MiB: over the 24 MiB gRPC message limit (a camera's MaxFrameBytes can never promise that much). The
        // server may end the call while the message is still being sent: the send then fails with the call's status.
        var oversized = new CameraFrame
        {
            Sequence = 20, CapturedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), Jpeg = ByteString.CopyFrom(new byte[25 * 1024 * 1024]),
        };
        await gateway.SendAsync(oversized).ContinueWith(static _ => { }, TaskScheduler.Default);

        var ended = await Assert.ThrowsAsync<RpcException>(() => gateway.Ended.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(StatusCode.ResourceExhausted, ended.StatusCode);
        var reason = ended.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal("MESSAGE_TOO_LARGE", reason.Reason);
        Assert.Equal("19", reason.Metadata["last_answered_sequence"]);
        Assert.Equal(Enumerable.Range(0, 20).Select(s => (ulong)s), gateway.Acks.Select(ack => ack.Sequence));
    }
}
