using System.Buffers;

namespace Vision.Pipeline.Cameras;

/// <summary>
/// Cuts a stream of concatenated baseline JPEG images (ffmpeg's <c>image2pipe</c> MJPEG) into images: each runs from
/// its start-of-image marker (FF D8) to its end-of-image marker (FF D9). Inside an image a 0xFF data byte is always
/// followed by 00 (byte stuffing) or a restart marker, so FF D9 occurs only at its end. Each byte is scanned once,
/// however the stream is cut into chunks.
/// </summary>
internal sealed class JpegStreamSplitter
{
    /// <summary>An image larger than this is not a camera frame: the stream is refused rather than buffered without end.</summary>
    public const int MaxImageBytes = 32 * 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _pending = new(256 * 1024);
    // Where the current image starts in _pending (-1: none yet), and where scanning goes on.
    private int _start = -1;
    private int _scanFrom;

    public IReadOnlyList<byte[]> Add(ReadOnlySpan<byte> chunk)
    {
        _pending.Write(chunk);
        var data = _pending.WrittenSpan;
        var images = new List<byte[]>();
        while (true)
        {
            if (_start < 0)
            {
                var start = IndexOfMarker(data, _scanFrom, 0xD8);
                if (start < 0)
                {
                    // Nothing before a start marker is kept, but a trailing FF may be the first half of one.
                    _scanFrom = Math.Max(data.Length - 1, 0);
                    break;
                }

                _start = start;
                _scanFrom = start + 2;
            }

            var end = IndexOfMarker(data, _scanFrom, 0xD9);
            if (end < 0)
            {
                _scanFrom = Math.Max(data.Length - 1, _start + 2);
                break;
            }

            images.Add(data[_start..(end + 2)].ToArray());
            _start = -1;
            _scanFrom = end + 2;
        }

        Compact();
        if (_pending.WrittenCount > MaxImageBytes)
        {
            throw new IOException($"The stream sent more than {MaxImageBytes / (1024 * 1024)} MiB without completing a frame.");
        }

        return images;
    }

    /// <summary>Drops what no image needs any more: before the current image's start, or before the scan's position.</summary>
    private void Compact()
    {
        var keepFrom = _start >= 0 ? _start : _scanFrom;
        if (keepFrom == 0)
        {
            return;
        }

        var rest = _pending.WrittenSpan[keepFrom..].ToArray();
        _pending.Clear();
        _pending.Write(rest);
        _start = _start >= 0 ? _start - keepFrom : -1;
        _scanFrom -= keepFrom;
    }

    private static int IndexOfMarker(ReadOnlySpan<byte> data, int from, byte marker)
    {
        for (var i = from; i + 1 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] == marker)
            {
                return i;
            }
        }

        return -1;
    }
}
