using OpenCvSharp;

namespace Vision.Pipeline.Imaging;

/// <summary>
/// Decodes images from outside without trusting them: Vision's own structure reader (<see cref="EncodedImageReader"/>)
/// checks size, format, dimensions, pixels per byte, metadata and completeness before OpenCV decodes a single pixel,
/// and whatever the decoder itself throws becomes a rejection.
/// </summary>
public sealed class SafeImageDecoder
{
    private readonly ImageLimits _limits;

    public SafeImageDecoder(ImageLimits limits)
    {
        _limits = limits;
    }

    public ImageLimits Limits => _limits;

    /// <summary>
    /// Reads format and dimensions from the header and walks the structure to the end marker, without decoding the
    /// image data: cheap enough to price a request before admitting it.
    /// </summary>
    /// <returns>Null when the header and structure pass; otherwise why not.</returns>
    public ImageRejection? ReadHeader(ReadOnlySpan<byte> encoded, out ImageHeader? header) => Check(encoded, verifyImageData: false, out header);

    /// <summary>Everything <see cref="ReadHeader"/> checks, plus proof that the image data is complete.</summary>
    /// <returns>Null when the image may be decoded; otherwise why not.</returns>
    public ImageRejection? Inspect(ReadOnlySpan<byte> encoded, out ImageHeader? header) => Check(encoded, verifyImageData: true, out header);

    /// <summary>Inspects, then decodes to 8-bit BGR with EXIF orientation applied.</summary>
    public ImageDecodeResult Decode(ReadOnlySpan<byte> encoded)
    {
        var rejection = Inspect(encoded, out var header);
        if (rejection is not null)
        {
            return new ImageDecodeResult(null, rejection);
        }

        Mat pixels;
        try
        {
            pixels = Cv2.ImDecode(encoded, ImreadModes.Color);
        }
        catch (OpenCVException)
        {
            return Undecodable(header!);
        }

        var matchesHeader = (pixels.Width == header!.Width && pixels.Height == header.Height)
                            || (pixels.Width == header.Height && pixels.Height == header.Width);
        if (pixels.Empty() || !matchesHeader)
        {
            pixels.Dispose();
            return Undecodable(header);
        }

        return ImageDecodeResult.Decoded(new DecodedImage(pixels, header));
    }

    private static ImageDecodeResult Undecodable(ImageHeader header) =>
        ImageDecodeResult.Rejected(ImageRejectionReason.Undecodable, $"The {header.Format} data could not be decoded (corrupt image data).", header);

    private ImageRejection? Check(ReadOnlySpan<byte> encoded, bool verifyImageData, out ImageHeader? header)
    {
        header = null;
        if (encoded.IsEmpty)
        {
            return new(ImageRejectionReason.Empty, "The image is empty (0 bytes).");
        }

        if (encoded.Length > _limits.MaxEncodedBytes)
        {
            return new(ImageRejectionReason.TooManyBytes, $"The image is {encoded.Length} bytes; the limit is {_limits.MaxEncodedBytes} bytes.");
        }

        return EncodedImageReader.Read(encoded, _limits, verifyImageData, out header);
    }
}
