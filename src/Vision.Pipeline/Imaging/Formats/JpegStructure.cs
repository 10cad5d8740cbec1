namespace Vision.Pipeline.Imaging.Formats;

/// <summary>
/// Walks a JPEG marker by marker without trusting it: every segment length must fit the file, the frame header is
/// checked against the limits the moment it is read, tables are validated, and (when asked) every scan's
/// entropy-coded data is decoded far enough to prove it holds the whole image. Only baseline, extended and
/// progressive Huffman-coded JPEGs are accepted (the kinds cameras and phones write).
/// </summary>
internal static class JpegStructure
{
    public const string Format = "JPEG";

    /// <summary>
    /// More scans than any encoder writes (a progressive JPEG has about ten; a sequential one one per component); the
    /// same guard libjpeg-turbo's tools offer as a scan limit: each scan is decoded over the whole image, so their number
    /// bounds the work.
    /// </summary>
    public const int MaxScans = 100;

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    public static ImageRejection? Read(ReadOnlySpan<byte> data, ImageLimits limits, bool verifyScans, out ImageHeader? header)
    {
        header = null;
        JpegFrame? frame = null;
        JpegScanVerifier? verifier = null;
        var dcTables = new JpegHuffmanTable?[4];
        var acTables = new JpegHuffmanTable?[4];
        JpegStandardHuffmanTables.Fill(dcTables, acTables);
        var quantizationTables = new bool[4];
        var coverage = new int[4, 64];
        var restartInterval = 0;
        var metadataSegments = 0;
        var scans = 0;
        var scanDataBytes = 0L;
        var position = 2;
        while (true)
        {
            if (position >= data.Length)
            {
                return ImageProblem.Truncated(Format, header, "no end-of-image marker");
            }

            if (data[position] != 0xFF)
            {
                // The chain of segments is broken: the headers themselves cannot be trusted.
                return ImageProblem.Corrupt(Format, null, $"byte {position} should start a marker");
            }

            while (position < data.Length && data[position] == 0xFF)
            {
                position++;
            }

            if (position >= data.Length)
            {
                return ImageProblem.Truncated(Format, header, "no end-of-image marker");
            }

            var markerStart = position - 1;
            var marker = data[position++];
            if (marker == 0xD9)
            {
                break;
            }

            if (marker == 0x01)
            {
                continue;
            }

            if (marker is 0x00 or 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                return ImageProblem.Corrupt(Format, header, $"marker FF {marker:X2} at byte {markerStart} is out of place");
            }

            if (position + 2 > data.Length)
            {
                return ImageProblem.Truncated(Format, header, $"the segment at byte {markerStart} has no length");
            }

            var length = (data[position] << 8) | data[position + 1];
            if (length < 2)
            {
                return ImageProblem.Corrupt(Format, header, $"the segment at byte {markerStart} declares {length} bytes");
            }

            if (position + length > data.Length)
            {
                return ImageProblem.Truncated(Format, header, $"the FF {marker:X2} segment at byte {markerStart} declares {length} bytes");
            }

            var body = data.Slice(position + 2, length - 2);
            position += length;
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    if (frame is not null)
                    {
                        return ImageProblem.Corrupt(Format, header, "a second frame header");
                    }

                    frame = JpegFrame.Parse(body, progressive: marker == 0xC2, out var frameProblem);
                    if (frame is null)
                    {
                        return ImageProblem.Corrupt(Format, null, frameProblem!);
                    }

                    header = new ImageHeader(Format, frame.Width, frame.Height);
                    if (ImageLimitCheck.Check(header, data.Length, limits) is { } overLimit)
                    {
                        return overLimit;
                    }

                    verifier = new JpegScanVerifier(frame);
                    break;
                case 0xC3 or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF):
                    return ImageProblem.Unsupported("A lossless, hierarchical or arithmetic-coded JPEG");
                case 0xC4:
                    if (!DefineHuffmanTables(body, dcTables, acTables))
                    {
                        return ImageProblem.Corrupt(Format, header, $"the Huffman table segment at byte {markerStart} is invalid");
                    }

                    break;
                case 0xDB:
                    if (!DefineQuantizationTables(body, quantizationTables))
                    {
                        return ImageProblem.Corrupt(Format, header, $"the quantization table segment at byte {markerStart} is invalid");
                    }

                    break;
                case 0xDD:
                    if (body.Length != 2)
                    {
                        return ImageProblem.Corrupt(Format, header, "the restart interval segment is not 4 bytes");
                    }

                    restartInterval = (body[0] << 8) | body[1];
                    break;
                case 0xDA:
                    if (frame is null)
                    {
                        return ImageProblem.Corrupt(Format, null, "a scan comes before the frame header");
                    }

                    var scan = JpegScanHeader.Parse(body, frame, out var scanProblem);
                    if (scan is null)
                    {
                        return ImageProblem.Corrupt(Format, header, scanProblem!);
                    }

                    if (scan.ComponentIndexes.Any(index => !quantizationTables[frame.Components[index].QuantizationTable]))
                    {
                        return ImageProblem.Corrupt(Format, header, "a component's quantization table was never defined");
                    }

                    if (++scans > MaxScans)
                    {
                        return ImageProblem.Corrupt(Format, header, $"it has more than {MaxScans} scans");
                    }

                    if (!Cover(coverage, scan))
                    {
                        return ImageProblem.Corrupt(Format, header,
                            $"scan {scans} sends coefficients {scan.SpectralStart}–{scan.SpectralEnd}, bits {scan.BitHigh}/{scan.BitLow}, out of order or again");
                    }

                    var scanDataStart = position;
                    if (!verifyScans)
                    {
                        position = NextMarker(data, position);
                        scanDataBytes += position - scanDataStart;
                        continue;
                    }

                    var verdict = verifier!.Verify(data, position, scan, dcTables, acTables, restartInterval, out position);
                    scanDataBytes += position - scanDataStart;
                    if (verdict == ScanVerdict.Truncated)
                    {
                        return ImageProblem.Truncated(Format, header, verifier.Problem);
                    }

                    if (verdict == ScanVerdict.Corrupt)
                    {
                        return ImageProblem.Corrupt(Format, header, verifier.Problem);
                    }

                    break;
                case (>= 0xE0 and <= 0xEF) or 0xFE:
                    if (++metadataSegments > limits.MaxMetadataEntries)
                    {
                        return ImageProblem.TooMuchMetadata(Format, header, $"more than {limits.MaxMetadataEntries} application and comment segments");
                    }

                    break;
            }
        }

        if (header is null)
        {
            return ImageProblem.Corrupt(Format, null, "the image ends before any frame header");
        }

        if (scans == 0)
        {
            return new(ImageRejectionReason.Undecodable, "The JPEG has no image data (no scan before its end marker).", header);
        }

        if (verifyScans && frame!.Progressive && !IsComplete(coverage, frame.Components.Length))
        {
            return ImageProblem.Truncated(Format, header, "its progressive scans end before every coefficient is complete");
        }

        // Pixels per byte of the scans' coded data, not of the file: padding segments (before the first scan, between
        // scans or before the end marker) or bytes after the end would otherwise let a few kilobytes of pixels claim a
        // 50 MP image.
        if (ImageLimitCheck.Check(header, scanDataBytes, limits) is { } tooDense)
        {
            return tooDense;
        }

        var trailing = data.Length - position;
        return trailing > limits.MaxTrailingBytes ? ImageProblem.TrailingData(Format, header, trailing, limits.MaxTrailingBytes) : null;
    }

    /// <summary>Where the next marker (not a stuffed 0xFF or a restart marker) starts, or the data length when none does.</summary>
    public static int NextMarker(ReadOnlySpan<byte> data, int position)
    {
        while (true)
        {
            var found = data[position..].IndexOf((byte)0xFF);
            if (found < 0)
            {
                return data.Length;
            }

            position += found;
            var next = position + 1;
            while (next < data.Length && data[next] == 0xFF)
            {
                next++;
            }

            if (next >= data.Length)
            {
                return data.Length;
            }

            if (data[next] != 0x00 && data[next] is < 0xD0 or > 0xD7)
            {
                return next - 1;
            }

            position = next + 1;
        }
    }

    private static bool DefineHuffmanTables(ReadOnlySpan<byte> body, JpegHuffmanTable?[] dcTables, JpegHuffmanTable?[] acTables)
    {
        while (!body.IsEmpty)
        {
            if (body.Length < 17)
            {
                return false;
            }

            var tableClass = body[0] >> 4;
            var slot = body[0] & 0x0F;
            var counts = body.Slice(1, 16);
            var symbolCount = 0;
            foreach (var count in counts)
            {
                symbolCount += count;
            }

            if (tableClass > 1 || slot > 3 || symbolCount > 256 || body.Length < 17 + symbolCount)
            {
                return false;
            }

            var table = JpegHuffmanTable.Build(counts, body.Slice(17, symbolCount));
            if (table is null)
            {
                return false;
            }

            (tableClass == 0 ? dcTables : acTables)[slot] = table;
            body = body[(17 + symbolCount)..];
        }

        return true;
    }

    private static bool DefineQuantizationTables(ReadOnlySpan<byte> body, bool[] defined)
    {
        while (!body.IsEmpty)
        {
            var precision = body[0] >> 4;
            var slot = body[0] & 0x0F;
            var size = 1 + 64 * (precision + 1);
            if (precision > 1 || slot > 3 || body.Length < size)
            {
                return false;
            }

            defined[slot] = true;
            body = body[size..];
        }

        return true;
    }

    // One more than the lowest bit position sent so far for each component and coefficient (0: nothing sent yet);
    // every coefficient of every component must reach bit 0. A scan must carry what comes next: a first scan only
    // coefficients not sent yet, a refinement only the bit below the last one sent. libjpeg merely warns about
    // anything else, and would decode a scan repeated thousands of times, each pass walking every block.
    private static bool Cover(int[,] coverage, JpegScanHeader scan)
    {
        foreach (var component in scan.ComponentIndexes)
        {
            for (var k = scan.SpectralStart; k <= scan.SpectralEnd; k++)
            {
                if (coverage[component, k] != (scan.IsRefinement ? scan.BitHigh + 1 : 0))
                {
                    return false;
                }

                coverage[component, k] = scan.BitLow + 1;
            }
        }

        return true;
    }

    private static bool IsComplete(int[,] coverage, int components)
    {
        for (var component = 0; component < components; component++)
        {
            for (var k = 0; k < 64; k++)
            {
                if (coverage[component, k] != 1)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
