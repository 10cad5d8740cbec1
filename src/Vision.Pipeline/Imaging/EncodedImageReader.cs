using Vision.Pipeline.Imaging.Formats;

namespace Vision.Pipeline.Imaging;

/// <summary>
/// Vision's own reader of image structure for the four accepted formats (JPEG, PNG, BMP, WebP): recognises the
/// format by its signature, reads the size from the header and checks it against the limits before reading on, and
/// checks the structure up to the end marker. Throws nothing: anything it cannot make sense of is a rejection.
/// </summary>
public static class EncodedImageReader
{
    private const string AcceptedFormats = "JPEG, PNG, BMP or WebP";

    /// <param name="verifyImageData">Also decode JPEG scans' entropy-coded data to prove it holds the whole image (truncation).</param>
    public static ImageRejection? Read(ReadOnlySpan<byte> encoded, ImageLimits limits, bool verifyImageData, out ImageHeader? header)
    {
        header = null;
        try
        {
            if (JpegStructure.HasSignature(encoded))
            {
                return JpegStructure.Read(encoded, limits, verifyImageData, out header);
            }

            if (PngStructure.HasSignature(encoded))
            {
                return PngStructure.Read(encoded, limits, out header);
            }

            if (WebpStructure.HasSignature(encoded))
            {
                return WebpStructure.Read(encoded, limits, out header);
            }

            if (BmpStructure.HasSignature(encoded))
            {
                return BmpStructure.Read(encoded, limits, out header);
            }
        }
        catch (Exception error) when (error is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            // A length the checks above missed: the data is malformed, whatever it claimed.
            return new(ImageRejectionReason.CorruptHeader, "The image structure is corrupt.", header);
        }

        return new(ImageRejectionReason.UnsupportedFormat, $"The data is not a {AcceptedFormats} image; send {AcceptedFormats}.");
    }
}
