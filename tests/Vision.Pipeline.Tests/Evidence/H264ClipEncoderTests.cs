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
        var offsetsMs = Enumerable.Range(0, 10).Select(i => i * 100).Concat(Enumerable.Range(0, 10).Select(i => 1900 + (i * 100))).ToList();

        var (clip, positions) = WriteAndPlay(offsetsMs, timeLapse: false);

        Assert.Equal((H264ClipEncoder.Codec, 20, 100L, 119L), (clip.Codec, clip.FrameCount, clip.FirstSequence, clip.LastSequence));
        Assert.All(positions.Zip(offsetsMs), pair => Assert.InRange(pair.First, pair.Second - 1, pair.Second + 1));
    }

    /// <summary>
    /// A network stall left a red-light clip five frames 1.5 s apart: it is still a real-time clip (it was taken as a
    /// time-lapse for being under a frame a second, and played its 6 s in half a second).
    /// </summary>
    [Fact]
    public void AClipWithFewerThanAFrameASecond_IsStillPlayedInRealTime()
    {
        int[] offsetsMs = [0, 1500, 3000, 4500, 6000];

        var (clip, positions) = WriteAndPlay(offsetsMs, timeLapse: false);

        Assert.All(positions.Zip(offsetsMs), pair => Assert.InRange(pair.First, pair.Second - 1, pair.Second + 1));
        Assert.Equal(0.667, clip.FramesPerSecond, 3);
    }

    [Fact]
    public void ATimeLapse_IsPlayedAtItsOwnRate()
    {
        int[] offsetsMs = [0, 60_000, 120_000, 180_000];

        var (clip, positions) = WriteAndPlay(offsetsMs, timeLapse: true, fallbackFramesPerSecond: 2);

        Assert.All(positions.Select((position, i) => (position, i)), pair => Assert.InRange(pair.position, (pair.i * 500) - 1, (pair.i * 500) + 1));
        Assert.Equal(2, clip.FramesPerSecond);
    }

    /// <summary>Writes frames captured at the offsets and plays the clip back: its frames' positions from the first, in ms.</summary>
    private static (EvidenceClip Clip, List<double> Positions) WriteAndPlay(IReadOnlyList<int> offsetsMs, bool timeLapse, double fallbackFramesPerSecond = 10)
    {
        Assert.True(H264ClipEncoder.IsAvailable, "ffmpeg with libx264 is missing: setup.sh installs Debian's ffmpeg");
        using var photo = TestAssets.SampleImage("images/bus.jpg");
        using var small = photo.Resize(new Size(320, 426));
        var jpeg = small.ImEncode(".jpg");
        var start = new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);
        var frames = offsetsMs.Select((offset, i) => new EncodedFrame("cam", 100 + i, start.AddMilliseconds(offset), jpeg)).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"vision-clip-{Guid.NewGuid():N}.mp4");
        try
        {
            var clip = EvidenceClipWriter.Write(path, frames, fallbackFramesPerSecond, timeLapse, CancellationToken.None);

            Assert.NotNull(clip);
            Assert.True(File.ReadAllBytes(path).AsSpan().IndexOf("avc1"u8) >= 0, "the MP4 has no H.264 sample entry (avc1)");
            using var capture = new VideoCapture(path);
            var positions = new List<double>();
            using var frame = new Mat();
            while (capture.Read(frame) && !frame.Empty())
            {
                Assert.Equal((320, 426), (frame.Width, frame.Height));
                positions.Add(capture.Get(VideoCaptureProperties.PosMsec));
            }

            Assert.Equal(offsetsMs.Count, positions.Count);
            return (clip, positions.Select(position => position - positions[0]).ToList());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WorkingFoldersAKilledProcessLeft_AreSwept_OnceOlderThanAnyEncodingTakes()
    {
        // In a folder of its own, as the system's temporary folder: a killed encoding's frames, an hour and a half old,
        // one being written now, and another program's folder.
        var temporary = Directory.CreateTempSubdirectory("vision-sweep-test-").FullName;
        try
        {
            var now = DateTimeOffset.UtcNow;
            var left = Directory.CreateDirectory(Path.Combine(temporary, "vision-clip-killed"));
            File.WriteAllBytes(Path.Combine(left.FullName, "00000.jpg"), new byte[1024]);
            left.LastWriteTimeUtc = now.UtcDateTime.AddMinutes(-90);
            var running = Directory.CreateDirectory(Path.Combine(temporary, "vision-clip-running"));
            var other = Directory.CreateDirectory(Path.Combine(temporary, "other-program"));
            other.LastWriteTimeUtc = now.UtcDateTime.AddDays(-3);

            Assert.Equal(1, H264ClipEncoder.SweepLeftovers(now, temporary));

            Assert.False(left.Exists && Directory.Exists(left.FullName));
            Assert.True(Directory.Exists(running.FullName));
            Assert.True(Directory.Exists(other.FullName));
        }
        finally
        {
            Directory.Delete(temporary, recursive: true);
        }
    }
}
