namespace Vision.Pipeline.Imaging.Formats;

/// <summary>A JPEG start-of-scan header: which components, which tables, which coefficients and bits the scan carries.</summary>
internal sealed record JpegScanHeader(int[] ComponentIndexes, int[] DcTables, int[] AcTables, int SpectralStart, int SpectralEnd, int BitHigh, int BitLow)
{
    public bool IsDc => SpectralStart == 0;

    public bool IsRefinement => BitHigh != 0;

    /// <returns>Null with a problem when the header does not fit the frame.</returns>
    public static JpegScanHeader? Parse(ReadOnlySpan<byte> body, JpegFrame frame, out string? problem)
    {
        problem = null;
        var count = body.Length > 0 ? body[0] : 0;
        if (count is < 1 or > 4 || body.Length != 4 + 2 * count)
        {
            problem = $"the scan header lists {count} components in {body.Length + 2} bytes";
            return null;
        }

        var indexes = new int[count];
        var dcTables = new int[count];
        var acTables = new int[count];
        var blocksPerMcu = 0;
        for (var i = 0; i < count; i++)
        {
            var id = body[1 + 2 * i];
            indexes[i] = Array.FindIndex(frame.Components, c => c.Id == id);
            dcTables[i] = body[2 + 2 * i] >> 4;
            acTables[i] = body[2 + 2 * i] & 0x0F;
            if (indexes[i] < 0 || indexes.AsSpan(0, i).Contains(indexes[i]) || dcTables[i] > 3 || acTables[i] > 3)
            {
                problem = $"scan component {i} (id {id}) is not in the frame or names a table above 3";
                return null;
            }

            var component = frame.Components[indexes[i]];
            blocksPerMcu += component.Horizontal * component.Vertical;
        }

        var start = body[1 + 2 * count];
        var end = body[2 + 2 * count];
        var high = body[3 + 2 * count] >> 4;
        var low = body[3 + 2 * count] & 0x0F;
        if (!frame.Progressive)
        {
            // A sequential scan carries every coefficient and bit whatever these bytes say: some cameras write them as
            // zeroes, and libjpeg (OpenCV's decoder) only warns.
            (start, end, high, low) = (0, 63, 0, 0);
        }

        var valid = !frame.Progressive
                    || (end <= 63 && start <= end && (start == 0 ? end == 0 : count == 1) && high <= 13 && low <= 13 && (high == 0 || high == low + 1));
        if (!valid || (count > 1 && blocksPerMcu > 10))
        {
            problem = $"the scan covers coefficients {start}–{end}, bits {high}/{low} with {blocksPerMcu} blocks an MCU";
            return null;
        }

        return new JpegScanHeader(indexes, dcTables, acTables, start, end, high, low);
    }
}
