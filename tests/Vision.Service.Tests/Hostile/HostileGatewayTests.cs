using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
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
        await gateway.SendAsync(first + 4);
        await gateway.FinishAsync();

        Assert.Equal(
            [
                FrameAckOutcome.Accepted, FrameAckOutcome.CaptureTimeImplausible, FrameAckOutcome.CaptureTimeImplausible,
                FrameAckOutcome.CaptureTimeImplausible, FrameAckOutcome.SequenceJump, FrameAckOutcome.SequenceJump, FrameAckOutcome.Accepted,
            ],
            gateway.Acks.Select(ack => ack.Outcome));
        Assert.Equal(2UL, gateway.FinalStatus.Accepted);
        Assert.Equal(5UL, gateway.FinalStatus.Rejected);
    }
}
