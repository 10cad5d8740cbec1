namespace Vision.Pipeline.Imaging.Formats;

/// <summary>How one scan's entropy-coded data compares with what its headers promise.</summary>
internal enum ScanVerdict
{
    Complete,
    Truncated,
    Corrupt,
}

/// <summary>
/// Decodes the Huffman symbols of every block of a JPEG scan (without the inverse DCT) to prove the entropy-coded data
/// holds every MCU the frame header promises. A truncated file with an end marker appended ends its scan early and is
/// caught here; a tail check alone would let the decoder fill the rest with grey.
/// </summary>
internal sealed class JpegScanVerifier(JpegFrame frame)
{
    // Which coefficients of each block are already non-zero: progressive refinement scans send one bit for each.
    private readonly ulong[]?[] _nonZero = new ulong[frame.Components.Length][];
    private string _problem = string.Empty;

    /// <summary>What was wrong with the last scan that was not <see cref="ScanVerdict.Complete"/>.</summary>
    public string Problem => _problem;

    /// <param name="end">Where the marker after the scan starts (the data length when none follows).</param>
    public ScanVerdict Verify(
        ReadOnlySpan<byte> data, int start, JpegScanHeader scan, JpegHuffmanTable?[] dcTables, JpegHuffmanTable?[] acTables,
        int restartInterval, out int end)
    {
        end = data.Length;
        for (var i = 0; i < scan.ComponentIndexes.Length; i++)
        {
            var needsDc = !frame.Progressive || (scan.IsDc && !scan.IsRefinement);
            var needsAc = !frame.Progressive || !scan.IsDc;
            if ((needsDc && dcTables[scan.DcTables[i]] is null) || (needsAc && acTables[scan.AcTables[i]] is null))
            {
                return Fail(ScanVerdict.Corrupt, "a scan uses a Huffman table that was never defined");
            }
        }

        var single = scan.ComponentIndexes.Length == 1;
        var (across, down) = single ? frame.BlocksOf(frame.Components[scan.ComponentIndexes[0]]) : (frame.McusAcross, frame.McusDown);
        var mcuCount = (long)across * down;
        var reader = new JpegBitReader(data, start);
        var endOfBandRun = 0;
        for (long mcu = 0; mcu < mcuCount; mcu++)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
            {
                if (!SkipRestartMarker(ref reader, data))
                {
                    return Fail(ScanVerdict.Truncated, $"a scan stops after {mcu} of {mcuCount} MCUs");
                }

                endOfBandRun = 0;
            }

            for (var i = 0; i < scan.ComponentIndexes.Length; i++)
            {
                var componentIndex = scan.ComponentIndexes[i];
                var component = frame.Components[componentIndex];
                var blocks = single ? 1 : component.Horizontal * component.Vertical;
                for (var block = 0; block < blocks; block++)
                {
                    var decoded = DecodeBlock(ref reader, scan, dcTables[scan.DcTables[i]], acTables[scan.AcTables[i]], componentIndex,
                        single ? mcu : -1, ref endOfBandRun);
                    if (!decoded)
                    {
                        return Fail(ScanVerdict.Corrupt, $"MCU {mcu} of a scan holds a code its Huffman table does not have");
                    }
                }
            }

            if (reader.Overran)
            {
                return Fail(ScanVerdict.Truncated, $"a scan's data ends after {mcu} of {mcuCount} MCUs");
            }
        }

        end = reader.MarkerPosition >= 0 ? reader.MarkerPosition : JpegStructure.NextMarker(data, reader.BytePosition);
        if (end >= data.Length - 1)
        {
            return Fail(ScanVerdict.Truncated, "no marker follows the last scan");
        }

        return ScanVerdict.Complete;
    }

    private ScanVerdict Fail(ScanVerdict verdict, string problem)
    {
        _problem = problem;
        return verdict;
    }

    private static bool SkipRestartMarker(ref JpegBitReader reader, ReadOnlySpan<byte> data)
    {
        if (reader.MarkerPosition < 0)
        {
            reader.Fill();
        }

        var marker = reader.MarkerPosition >= 0 ? reader.MarkerPosition : JpegStructure.NextMarker(data, reader.BytePosition);
        if (marker >= data.Length - 1 || data[marker + 1] is < 0xD0 or > 0xD7)
        {
            return false;
        }

        reader.RestartAt(marker);
        return true;
    }

    private bool DecodeBlock(
        ref JpegBitReader reader, JpegScanHeader scan, JpegHuffmanTable? dc, JpegHuffmanTable? ac, int componentIndex, long blockIndex,
        ref int endOfBandRun)
    {
        if (!frame.Progressive)
        {
            return DecodeDc(ref reader, dc!) && DecodeSequentialAc(ref reader, ac!);
        }

        if (scan.IsDc)
        {
            if (scan.IsRefinement)
            {
                reader.Fill();
                reader.Skip(1);
                return true;
            }

            return DecodeDc(ref reader, dc!);
        }

        var history = _nonZero[componentIndex] ??= AllocateHistory(componentIndex);
        return scan.IsRefinement
            ? DecodeAcRefinement(ref reader, ac!, scan, ref history[blockIndex], ref endOfBandRun)
            : DecodeAcFirst(ref reader, ac!, scan, ref history[blockIndex], ref endOfBandRun);
    }

    private ulong[] AllocateHistory(int componentIndex)
    {
        var (across, down) = frame.BlocksOf(frame.Components[componentIndex]);
        return new ulong[across * down];
    }

    private static bool DecodeDc(ref JpegBitReader reader, JpegHuffmanTable table)
    {
        var size = table.Decode(ref reader);
        if (size is < 0 or > 16)
        {
            return false;
        }

        reader.Skip(size);
        return true;
    }

    private static bool DecodeSequentialAc(ref JpegBitReader reader, JpegHuffmanTable table)
    {
        for (var k = 1; k < 64;)
        {
            var symbol = table.Decode(ref reader);
            if (symbol < 0)
            {
                return false;
            }

            var run = symbol >> 4;
            var size = symbol & 0x0F;
            if (size == 0)
            {
                if (run != 15)
                {
                    return true;
                }

                k += 16;
                continue;
            }

            k += run + 1;
            reader.Skip(size);
            if (k > 64)
            {
                return false;
            }
        }

        return true;
    }

    private static bool DecodeAcFirst(ref JpegBitReader reader, JpegHuffmanTable table, JpegScanHeader scan, ref ulong nonZero, ref int endOfBandRun)
    {
        if (endOfBandRun > 0)
        {
            endOfBandRun--;
            return true;
        }

        for (var k = scan.SpectralStart; k <= scan.SpectralEnd;)
        {
            var symbol = table.Decode(ref reader);
            if (symbol < 0)
            {
                return false;
            }

            var run = symbol >> 4;
            var size = symbol & 0x0F;
            if (size == 0)
            {
                if (run < 15)
                {
                    endOfBandRun = (1 << run) - 1 + reader.Read(run);
                    return true;
                }

                k += 16;
                continue;
            }

            k += run;
            if (k > 63)
            {
                return false;
            }

            reader.Skip(size);
            nonZero |= 1UL << k;
            k++;
        }

        return true;
    }

    // The refinement pass of libjpeg's progressive Huffman decoder (jdphuff.c, decode_mcu_AC_refine), keeping only
    // which coefficients are non-zero.
    private static bool DecodeAcRefinement(ref JpegBitReader reader, JpegHuffmanTable table, JpegScanHeader scan, ref ulong nonZero, ref int endOfBandRun)
    {
        var k = scan.SpectralStart;
        if (endOfBandRun == 0)
        {
            for (; k <= scan.SpectralEnd; k++)
            {
                var symbol = table.Decode(ref reader);
                if (symbol < 0)
                {
                    return false;
                }

                var run = symbol >> 4;
                var size = symbol & 0x0F;
                if (size != 0)
                {
                    reader.Fill();
                    reader.Skip(1);
                }
                else if (run != 15)
                {
                    endOfBandRun = (1 << run) + reader.Read(run);
                    break;
                }

                do
                {
                    if ((nonZero & (1UL << k)) != 0)
                    {
                        reader.Fill();
                        reader.Skip(1);
                    }
                    else if (--run < 0)
                    {
                        break;
                    }

                    k++;
                }
                while (k <= scan.SpectralEnd);

                if (size != 0 && k <= 63)
                {
                    nonZero |= 1UL << k;
                }
            }
        }

        if (endOfBandRun > 0)
        {
            for (; k <= scan.SpectralEnd; k++)
            {
                if ((nonZero & (1UL << k)) != 0)
                {
                    reader.Fill();
                    reader.Skip(1);
                }
            }

            endOfBandRun--;
        }

        return true;
    }
}
