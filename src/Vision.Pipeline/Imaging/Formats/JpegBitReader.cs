namespace Vision.Pipeline.Imaging.Formats;

/// <summary>
/// Reads the entropy-coded bits of one JPEG scan: removes byte stuffing and stops at the next marker, after which it
/// supplies zero bits while counting them, so a decoder that needs more data than the scan holds is caught.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _bits;
    private int _count;
    private int _fakeBits;

    public JpegBitReader(ReadOnlySpan<byte> data, int start)
    {
        _data = data;
        _position = start;
        MarkerPosition = -1;
    }

    /// <summary>Where the marker that ended the data starts (its 0xFF), the data length at the end of the file, or -1 before either.</summary>
    public int MarkerPosition { get; private set; }

    /// <summary>True once the decoder used bits that the scan does not have.</summary>
    public readonly bool Overran => _count < _fakeBits;

    /// <summary>Whole bytes of real data read ahead but not yet used.</summary>
    public readonly int UnusedRealBits => _count - _fakeBits;

    public void Fill()
    {
        while (_count <= 56)
        {
            int next;
            if (MarkerPosition >= 0)
            {
                next = 0;
                _fakeBits += 8;
            }
            else if (_position >= _data.Length)
            {
                MarkerPosition = _data.Length;
                continue;
            }
            else if (_data[_position] != 0xFF)
            {
                next = _data[_position++];
            }
            else if (_position + 1 < _data.Length && _data[_position + 1] == 0x00)
            {
                next = 0xFF;
                _position += 2;
            }
            else
            {
                MarkerPosition = _position;
                continue;
            }

            _bits |= (ulong)next << (56 - _count);
            _count += 8;
        }
    }

    public readonly int Peek(int count) => (int)(_bits >> (64 - count));

    public void Skip(int count)
    {
        _bits <<= count;
        _count -= count;
    }

    /// <summary>Reads up to 16 bits as an unsigned number.</summary>
    public int Read(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        Fill();
        var value = Peek(count);
        Skip(count);
        return value;
    }

    /// <summary>The next byte not yet read into the bit buffer.</summary>
    public readonly int BytePosition => _position;

    /// <summary>Continues after the restart marker at <paramref name="marker"/>.</summary>
    public void RestartAt(int marker)
    {
        _position = marker + 2;
        MarkerPosition = -1;
        _bits = 0;
        _count = 0;
        _fakeBits = 0;
    }
}
