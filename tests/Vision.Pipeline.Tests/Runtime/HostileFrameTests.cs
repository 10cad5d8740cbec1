using OpenCvSharp;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tracking;

namespace Vision.Pipeline.Tests.Runtime;

/// <summary>
/// Camera frames get the same structure check as photos: a frame cut short with its end marker put back is corrupt
/// (it would decode to grey fill), and a whole frame with a short trailer after its end marker is accepted.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class HostileFrameTests(DetectorFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly byte[] _frame = EncodeSample();

    [Fact]
    public void AFrameCutShortWithItsEndMarkerPutBack_IsCorrupt_NotAcceptedForGreyFill()
    {
        var camera = Camera("cut-short");
        byte[] cutShort = [.. _frame.AsSpan(0, _frame.Length * 2 / 3), 0xFF, 0xD9];

        Assert.Equal(IngestOutcome.Corrupt, camera.TryIngest(new EncodedFrame(camera.Id, 1, Start, cutShort)));
        Assert.Equal(IngestOutcome.Accepted, camera.TryIngest(new EncodedFrame(camera.Id, 2, Start.AddMilliseconds(100), _frame)));
        Assert.Equal((1, 1), (camera.Counters.Accepted, camera.Counters.Rejected));
    }

    [Fact]
    public void AWholeFrameWithATrailerAfterItsEndMarker_IsAccepted()
    {
        var camera = Camera("trailer");
        byte[] withTrailer = [.. _frame, .. Enumerable.Range(0, 300).Select(i => (byte)i)];

        Assert.Equal(IngestOutcome.Accepted, camera.TryIngest(new EncodedFrame(camera.Id, 1, Start, withTrailer)));
    }

    private CameraPipeline Camera(string id) =>
        new(new CameraDefinition { Id = id, Name = id, ExpectedFramesPerSecond = 10, IngestQueueCapacity = 8 }, fixture.Standard, new TrackerOptions(), new PipelineMetrics());

    private static byte[] EncodeSample()
    {
        using var image = TestAssets.SampleImage("images/zidane.jpg");
        Cv2.ImEncode(".jpg", image, out var jpeg);
        return jpeg;
    }
}
