namespace Vision.Storage;

/// <summary>
/// A read-only stream over an evidence file whose every read ends within a time bound. On Linux an asynchronous file
/// read is a blocking read on a pool thread that no token interrupts, so a stuck disk or network mount would hold the
/// call for good: a read that overruns is abandoned (<see cref="TimeoutException"/>) and the stream fails from then on.
/// Reads go through a private buffer, so an abandoned read can never write into memory the caller gave back (a pooled buffer).
/// </summary>
public sealed class TimeBoundedReadStream : Stream
{
    private const int BufferBytes = 256 * 1024;

    private readonly Stream _inner;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly string _name;
    private byte[] _buffer = new byte[BufferBytes];
    private bool _abandoned;

    public TimeBoundedReadStream(Stream inner, string name, TimeSpan timeout, TimeProvider? time = null)
    {
        _inner = inner;
        _name = name;
        _timeout = timeout;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Opens a file for reading (asynchronous I/O) with every read bounded by <paramref name="timeout"/>.</summary>
    public static TimeBoundedReadStream OpenFile(string path, TimeSpan timeout) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true), Path.GetFileName(path), timeout);

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_abandoned, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var own = _buffer;
        var wanted = Math.Min(buffer.Length, own.Length);
        var read = _inner.ReadAsync(own.AsMemory(0, wanted), cancellationToken).AsTask();
        try
        {
            var count = await read.WaitAsync(_timeout, _time, cancellationToken);
            own.AsSpan(0, count).CopyTo(buffer.Span);
            return count;
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException && !read.IsCompleted)
        {
            // The read may still complete into our buffer: it is left to it, and this stream takes no more reads.
            _abandoned = true;
            _buffer = [];
            if (error is TimeoutException)
            {
                throw new TimeoutException($"Reading '{_name}' took longer than {_timeout.TotalSeconds:0.#} s.", error);
            }

            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
