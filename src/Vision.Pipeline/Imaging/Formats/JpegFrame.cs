namespace Vision.Pipeline.Imaging.Formats;

/// <summary>A JPEG frame header (SOF0, SOF1 or SOF2): size, components and their sampling, and the block grid they imply.</summary>
internal sealed class JpegFrame
{
    private JpegFrame(int width, int height, bool progressive, JpegComponent[] components)
    {
        Width = width;
        Height = height;
        Progressive = progressive;
        Components = components;
        MaxHorizontal = components.Max(c => c.Horizontal);
        MaxVertical = components.Max(c => c.Vertical);
        McusAcross = Ceiling(width, 8 * MaxHorizontal);
        McusDown = Ceiling(height, 8 * MaxVertical);
    }

    public int Width { get; }

    public int Height { get; }

    public bool Progressive { get; }

    public JpegComponent[] Components { get; }

    public int MaxHorizontal { get; }

    public int MaxVertical { get; }

    public int McusAcross { get; }

    public int McusDown { get; }

    /// <returns>Null with a problem when the segment is not a valid frame header.</returns>
    public static JpegFrame? Parse(ReadOnlySpan<byte> body, bool progressive, out string? problem)
    {
        problem = null;
        if (body.Length < 6)
        {
            problem = "the frame header is too short";
            return null;
        }

        var precision = body[0];
        var height = (body[1] << 8) | body[2];
        var width = (body[3] << 8) | body[4];
        var count = body[5];
        if (precision is not (8 or 12))
        {
            problem = $"{precision}-bit samples";
        }
        else if (width == 0 || height == 0)
        {
            problem = $"the frame header gives the size {width}×{height}";
        }
        else if (count is < 1 or > 4 || body.Length != 6 + 3 * count)
        {
            problem = $"the frame header lists {count} components in {body.Length + 2} bytes";
        }

        if (problem is not null)
        {
            return null;
        }

        var components = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var entry = body.Slice(6 + 3 * i, 3);
            var component = new JpegComponent(entry[0], entry[1] >> 4, entry[1] & 0x0F, entry[2]);
            if (component.Horizontal is < 1 or > 4 || component.Vertical is < 1 or > 4 || component.QuantizationTable > 3
                || components.Take(i).Any(other => other.Id == component.Id))
            {
                problem = $"component {i} has sampling {component.Horizontal}×{component.Vertical} and table {component.QuantizationTable}";
                return null;
            }

            components[i] = component;
        }

        return new JpegFrame(width, height, progressive, components);
    }

    /// <summary>Blocks across and down of one component when it is coded alone (a non-interleaved scan).</summary>
    public (int Across, int Down) BlocksOf(JpegComponent component) =>
        (Ceiling(Ceiling(Width * component.Horizontal, MaxHorizontal), 8), Ceiling(Ceiling(Height * component.Vertical, MaxVertical), 8));

    private static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;
}

internal readonly record struct JpegComponent(int Id, int Horizontal, int Vertical, int QuantizationTable);
