namespace Vision.Pipeline.Imaging;

/// <summary>
/// Checks that an encoded image reaches its format's end marker. Decoders fill a truncated JPEG or PNG with grey
/// and report success, which would let half an image through as if it were whole.
/// </summary>
public static class EncodedImageEnd
{
    /// <summary>Some encoders pad after the end marker; this much trailing padding is tolerated.</summary>
    private const int TrailingSlack = 64;

    private static readonly byte[] JpegEndOfImage = [0xFF, 0xD9];
    private static readonly byte[] PngEndChunk = [(byte)'I', (byte)'E', (byte)'N', (byte)'D'];

    public static bool IsComplete(string format, ReadOnlySpan<byte> encoded) => format.ToUpperInvariant() switch
    {
        "JPEG" => TailContains(encoded, JpegEndOfImage),
        "PNG" => TailContains(encoded, PngEndChunk),
        _ => true,
    };

    private static bool TailContains(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> marker)
    {
        var tailLength = Math.Min(encoded.Length, TrailingSlack + marker.Length + 8);
        return encoded[^tailLength..].LastIndexOf(marker) >= 0;
    }
}
