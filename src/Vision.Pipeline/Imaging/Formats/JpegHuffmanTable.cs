namespace Vision.Pipeline.Imaging.Formats;

/// <summary>One canonical Huffman table of a JPEG (a DHT entry), with a 9-bit lookahead for the common short codes.</summary>
internal sealed class JpegHuffmanTable
{
    private const int LookaheadBits = 9;

    private readonly short[] _lookahead = new short[1 << LookaheadBits];
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _values;

    private JpegHuffmanTable(byte[] values) => _values = values;

    /// <summary>Builds the table from its 16 code-length counts and symbols; null when the counts describe no valid code.</summary>
    public static JpegHuffmanTable? Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        var table = new JpegHuffmanTable(symbols.ToArray());
        var code = 0;
        var index = 0;
        for (var length = 1; length <= 16; length++)
        {
            var count = counts[length - 1];
            table._valueOffset[length] = index - code;
            for (var i = 0; i < count; i++, code++, index++)
            {
                if (code >= 1 << length)
                {
                    return null;
                }

                if (length <= LookaheadBits)
                {
                    var shift = LookaheadBits - length;
                    var entry = (short)((length << 8) | symbols[index]);
                    table._lookahead.AsSpan(code << shift, 1 << shift).Fill(entry);
                }
            }

            table._maxCode[length] = count > 0 ? code - 1 : -1;
            // The all-ones code of each length is reserved: a table that needs it is corrupt.
            if (code >= 1 << length)
            {
                return null;
            }

            code <<= 1;
        }

        table._maxCode[17] = int.MaxValue;
        return table;
    }

    /// <summary>Decodes one symbol from the next bits, or -1 for a code the table does not have.</summary>
    public int Decode(ref JpegBitReader reader)
    {
        reader.Fill();
        var entry = _lookahead[reader.Peek(LookaheadBits)];
        if (entry != 0)
        {
            reader.Skip(entry >> 8);
            return entry & 0xFF;
        }

        for (var length = LookaheadBits + 1; length <= 16; length++)
        {
            var code = reader.Peek(length);
            if (code <= _maxCode[length])
            {
                reader.Skip(length);
                var index = code + _valueOffset[length];
                return (uint)index < (uint)_values.Length ? _values[index] : -1;
            }
        }

        return -1;
    }
}
