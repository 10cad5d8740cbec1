using OpenCvSharp;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Evidence;

public sealed class H264ClipEncoderTests
{
    /// <summary>
    /// A camera that dropped frames for a second: the clip keeps each frame's real capture time, so playback does not
    /// speed through the gap (a constant-rate clip would show the 20 frames in 2 s instead of 2.9 s).
    /// </summary>
    [Fact]
    public void Clip_KeepsEachFramesCaptureTime_AcrossDroppedFrames()
    {
        Assert.True(H264ClipEncoder.IsAvailable, "ffmpeg with libx264 is missing: setup.sh installs Debian's ffmpeg");
        using var photo = TestAssets.SampleImage("images/bus.jpg");
        using var small = photo.Resize(new Size(320, 426));
        var jpeg = small.ImEncode(".jpg");
        var start = new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);
        var offsetsMs = Enumerable.Range(0, 10).Select(i => i * 100).Concat(Enumerable.Range(0, 10).Select(i => 1900 + (i * 100))).ToList();
        var frames = offsetsMs.Select((offset, i) => new EncodedFrame("cam", 100 + i, start.AddMilliseconds(offset), jpeg)).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"vision-clip-{Guid.NewGuid():N}.mp4");
        try
        {
            var clip = EvidenceClipWriter.Write(path, frames, 10, CancellationToken.None);

            Assert.NotNull(clip);
            Assert.Equal((H264ClipEncoder.Codec, 20, 100L, 119L), (clip.Codec, clip.FrameCount, clip.FirstSequence, clip.LastSequence));
            Assert.True(File.ReadAllBytes(path).AsSpan().IndexOf("avc1"u8) >= 0, "the MP4 has no H.264 sample entry (avc1)");
            using var capture = new VideoCapture(path);
            var positions = new List<double>();
            using var frame = new Mat();
            while (capture.Read(frame) && !frame.Empty())
            {
                Assert.Equal((320, 426), (frame.Width, frame.Height));
                positions.Add(capture.Get(VideoCaptureProperties.PosMsec));
            }

            Assert.Equal(20, positions.Count);
            var first = positions[0];
            Assert.All(positions.Zip(offsetsMs), pair => Assert.InRange(pair.First - first, pair.Second - 1, pair.Second + 1));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
