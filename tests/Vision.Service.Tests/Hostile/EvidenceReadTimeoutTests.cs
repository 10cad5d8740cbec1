using System.IO.Pipes;
using Microsoft.Extensions.Time.Testing;
using Vision.Storage;

namespace Vision.Service.Tests.Hostile;

/// <summary>
/// Evidence reads end within their bound even when the file system never answers: an OS pipe nobody writes to stands
/// in for a stuck disk or mount (a read that no cancellation token interrupts).
/// </summary>
public sealed class EvidenceReadTimeoutTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AReadThatNeverAnswers_IsAbandonedAtTheBound_AndTheStreamTakesNoMoreReads()
    {
        var time = new FakeTimeProvider();
        using var stuck = new AnonymousPipeServerStream(PipeDirection.In);
        await using var evidence = new TimeBoundedReadStream(stuck, "clip.mp4", Bound, time);

        var read = evidence.ReadAsync(new byte[4096]).AsTask();
        time.Advance(Bound - TimeSpan.FromMilliseconds(1));
        Assert.False(read.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => read);
        Assert.Equal("Reading 'clip.mp4' took longer than 30 s.", timedOut.Message);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => evidence.ReadAsync(new byte[16]).AsTask());
    }

    [Fact]
    public async Task AFileThatAnswers_IsReadWhole_ThroughTheBoundedStream_WithSeeking()
    {
        var path = Path.GetTempFileName();
        try
        {
            var bytes = Enumerable.Range(0, 600_000).Select(i => (byte)(i * 7)).ToArray();
            await File.WriteAllBytesAsync(path, bytes);
            await using var evidence = TimeBoundedReadStream.OpenFile(path, Bound);
            using var copy = new MemoryStream();

            evidence.Seek(100_000, SeekOrigin.Begin);
            await evidence.CopyToAsync(copy);

            Assert.Equal(600_000L, evidence.Length);
            Assert.Equal(bytes[100_000..], copy.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
