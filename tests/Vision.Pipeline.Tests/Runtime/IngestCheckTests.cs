using Vision.Pipeline.Cameras;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Runtime;

/// <summary>
/// The ingest checks a camera's pipeline and a cluster's receiving node share: a resend is told from a late frame by the
/// sequences remembered, a resume point and a forgotten frame move what counts as new, and a jump too far ahead is refused.
/// </summary>
public sealed class IngestCheckTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly byte[] _jpeg = TestAssets.SampleBytes("images/zidane.jpg");

    [Fact]
    public void AFrameBehindTheNewest_IsAResendWhenItWasTaken_OtherwiseLate_AndTooFarBackItCountsAsAResend()
    {
        var check = new IngestCheck(new CameraDefinition { Id = "window", Name = "window" });
        for (var sequence = 0; sequence < 600; sequence += 2)
        {
            Take(check, sequence);
        }

        Assert.Equal(IngestOutcome.Duplicate, check.Check(Frame(598), out _));
        Assert.Equal(IngestOutcome.OutOfOrder, check.Check(Frame(597), out _));
        // Within 256 of the newest (598), what was taken is remembered; further back nothing can be told apart.
        Assert.Equal(IngestOutcome.Duplicate, check.Check(Frame(344), out _));
        Assert.Equal(IngestOutcome.OutOfOrder, check.Check(Frame(343), out _));
        Assert.Equal(IngestOutcome.Duplicate, check.Check(Frame(341), out _));
        Assert.Equal(598, check.LastAccepted);
    }

    [Fact]
    public void AfterAResumePoint_EverythingUpToItIsAResend_AndTheNextFrameIsNew()
    {
        var check = new IngestCheck(new CameraDefinition { Id = "resume", Name = "resume" });
        check.ResumeAfter(1_000);
        check.ResumeAfter(900);

        Assert.Equal(1_000, check.LastAccepted);
        Assert.Equal(IngestOutcome.Duplicate, check.Check(Frame(999), out _));
        Assert.Equal(IngestOutcome.Duplicate, check.Check(Frame(1_000), out var none));
        Assert.Null(none);
        Assert.Equal(IngestOutcome.Accepted, check.Check(Frame(1_001), out var header));
        Assert.Equal(("JPEG", 1280, 720), (header!.Format, header.Width, header.Height));
    }

    [Fact]
    public void AForgottenFrame_MayBeSentAgain_AndTheOneBeforeIsTheNewestAgain()
    {
        var check = new IngestCheck(new CameraDefinition { Id = "forget", Name = "forget" });
        Take(check, 5);
        Take(check, 6);

        check.Forget(6, previous: 5);

        Assert.Equal(5, check.LastAccepted);
        Assert.Equal(IngestOutcome.Accepted, check.Check(Frame(6), out _));
        Assert.Equal(IngestOutcome.Duplicate, check.Check(Frame(5), out _));
    }

    [Fact]
    public void AJumpPastTheCamerasLimit_IsRefused_ButTheFirstFrameMayStartAnywhere()
    {
        var check = new IngestCheck(new CameraDefinition { Id = "jump", Name = "jump", MaxSequenceJump = 100 });
        Take(check, 5_000_000);
        // Captured a tenth of a second after the last: a number 101 ahead is a gateway's error, not frames missed.
        var next = Frame(5_000_001).CapturedAt;

        Assert.Equal(IngestOutcome.SequenceJump, check.Check(Frame(5_000_101) with { CapturedAt = next }, out _));
        Assert.Equal((5_000_101L, "sequence 5000101 is 101 after the last accepted, 5000000; the camera takes at most 100 ahead (MaxSequenceJump), " +
            "or as many as its capture times allow at 100 frames a second"), check.LastRefusal);
        Assert.Equal(IngestOutcome.Accepted, check.Check(Frame(5_000_100) with { CapturedAt = next }, out _));
    }

    [Fact]
    public void AJumpPastTheCamerasLimit_IsTaken_WhenTheCaptureTimesAreThatManyFramesApart()
    {
        // A gateway numbering frames as a 25 fps camera takes them, cut off for five days (10.8 M frames): every later
        // frame was refused as a jump, for good, and refused frames never move the resume point.
        var check = new IngestCheck(new CameraDefinition { Id = "flood", Name = "flood", MaxSequenceJump = 100 });
        Take(check, 10);
        var back = Frame(10).CapturedAt + TimeSpan.FromDays(5);

        Assert.Equal(IngestOutcome.Accepted, check.Check(Frame(10 + 10_800_000) with { CapturedAt = back }, out _));
        // As many frames in a tenth of the time: faster than any camera, refused.
        Assert.Equal(IngestOutcome.SequenceJump, check.Check(Frame(10 + 10_800_000) with { CapturedAt = Frame(10).CapturedAt + TimeSpan.FromDays(0.5) }, out _));

        // The service restarted meanwhile: the resume point's checkpoint, saved as its frame arrived, bounds its capture time.
        var restarted = new IngestCheck(new CameraDefinition { Id = "flood", Name = "flood", MaxSequenceJump = 100 });
        restarted.ResumeAfter(10, capturedNoLaterThan: Frame(10).CapturedAt + TimeSpan.FromMinutes(5));
        Assert.Equal(IngestOutcome.Accepted, restarted.Check(Frame(10 + 10_800_000) with { CapturedAt = back }, out _));
        var unknown = new IngestCheck(new CameraDefinition { Id = "flood", Name = "flood", MaxSequenceJump = 100 });
        unknown.ResumeAfter(10);
        Assert.Equal(IngestOutcome.SequenceJump, unknown.Check(Frame(10 + 10_800_000) with { CapturedAt = back }, out _));
    }

    [Fact]
    public void ABaselineJpegWhoseScanHeaderLeavesTheCoefficientBytesZero_IsAccepted_AsOpenCvDecodesIt()
    {
        // Some IP cameras write the spectral selection and approximation bytes of a baseline scan as zeroes; libjpeg
        // warns and decodes the whole scan. Refused as corrupt, every frame of such a camera was lost.
        var jpeg = _jpeg.ToArray();
        var scan = FindMarker(jpeg, 0xDA);
        var length = (jpeg[scan + 2] << 8) | jpeg[scan + 3];
        jpeg.AsSpan(scan + 2 + length - 3, 3).Clear();
        using (var decoded = OpenCvSharp.Cv2.ImDecode(jpeg, OpenCvSharp.ImreadModes.Color))
        {
            Assert.Equal((1280, 720), (decoded.Width, decoded.Height));
        }

        var check = new IngestCheck(new CameraDefinition { Id = "zeroes", Name = "zeroes" });
        Assert.Equal(IngestOutcome.Accepted, check.Check(Frame(1) with { Jpeg = jpeg }, out var header));
        Assert.Equal(("JPEG", 1280, 720), (header!.Format, header.Width, header.Height));
    }

    /// <summary>The offset of the first marker 0xFF <paramref name="code"/> after the start of image, walking segments.</summary>
    private static int FindMarker(byte[] jpeg, byte code)
    {
        var at = 2;
        while (jpeg[at + 1] != code)
        {
            at += 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
        }

        return at;
    }

    [Fact]
    public void OversizeAndBrokenJpegs_AreRefusedFromTheirSizeAndHeader()
    {
        var check = new IngestCheck(new CameraDefinition { Id = "bytes", Name = "bytes", MaxFrameBytes = _jpeg.Length });

        Assert.Equal(IngestOutcome.TooLarge, check.Check(Frame(1) with { Jpeg = new byte[_jpeg.Length + 1] }, out _));
        Assert.Equal(IngestOutcome.Corrupt, check.Check(Frame(1) with { Jpeg = _jpeg.AsMemory(0, 2) }, out _));
        Assert.Equal(IngestOutcome.Corrupt, check.Check(Frame(1) with { Jpeg = "GIF89a not a camera frame"u8.ToArray() }, out _));
        Assert.Equal(IngestOutcome.Accepted, check.Check(Frame(1), out _));
        Assert.Equal(-1, check.LastAccepted);
    }

    private void Take(IngestCheck check, long sequence)
    {
        Assert.Equal(IngestOutcome.Accepted, check.Check(Frame(sequence), out _));
        check.Accept(sequence, Frame(sequence).CapturedAt);
    }

    private EncodedFrame Frame(long sequence) => new("camera", sequence, Start + TimeSpan.FromMilliseconds(100 * sequence), _jpeg);
}
