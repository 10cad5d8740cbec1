using OpenCvSharp;
using SixLabors.ImageSharp;

namespace Vision.Pipeline.Imaging;

/// <summary>
/// Decodes images from outside without trusting them: size, format and dimensions are checked from the header
/// (ImageSharp's identify reads no pixels) before OpenCV decodes, and truncated files are refused instead of
/// being decoded into grey padding.
/// </summary>
public sealed class SafeImageDecoder
{
    private const string AcceptedFormats = "JPEG, PNG, BMP or WebP";
    private static readonly HashSet<string> SupportedFormats = new(StringComparer.OrdinalIgnoreCase) { "JPEG", "PNG", "BMP", "WEBP" };

    private readonly ImageLimits _limits;

    public SafeImageDecoder(ImageLimits limits)
    {
        _limits = limits;
    }

    /// <summary>Reads format and dimensions from the header and checks them against the limits, decoding no pixels.</summary>
    /// <returns>Null when the image may be decoded; otherwise why not.</returns>
    public ImageRejection? Inspect(ReadOnlySpan<byte> encoded, out ImageHeader? header)
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

        var identifyFailure = TryIdentify(encoded, out header);
        if (identifyFailure is not null)
        {
            return identifyFailure;
        }

        if (!SupportedFormats.Contains(header!.Format))
        {
            return new(ImageRejectionReason.UnsupportedFormat, $"{header.Format} images are not accepted; send {AcceptedFormats}.", header);
        }

        if (header.Width > _limits.MaxSide || header.Height > _limits.MaxSide || header.Pixels > _limits.MaxPixels)
        {
            return new(ImageRejectionReason.DimensionsTooLarge,
                $"The image header claims {header.Width}×{header.Height} pixels; the limits are {_limits.MaxSide} pixels a side " +
                $"and {_limits.MaxPixels} pixels in all.", header);
        }

        if (header.Width < _limits.MinSide || header.Height < _limits.MinSide)
        {
            return new(ImageRejectionReason.DimensionsTooSmall,
                $"The image is {header.Width}×{header.Height} pixels; each side needs at least {_limits.MinSide}.", header);
        }

        if (!EncodedImageEnd.IsComplete(header.Format, encoded))
        {
            return new(ImageRejectionReason.Truncated, $"The {header.Format} data ends before the image does (the file is truncated).", header);
        }

        return null;
    }

    /// <summary>Inspects, then decodes to 8-bit BGR with EXIF orientation applied.</summary>
    public ImageDecodeResult Decode(ReadOnlySpan<byte> encoded)
    {
        var rejection = Inspect(encoded, out var header);
        if (rejection is not null)
        {
            return new ImageDecodeResult(null, rejection);
        }

        var pixels = Cv2.ImDecode(encoded, ImreadModes.Color);
        var matchesHeader = (pixels.Width == header!.Width && pixels.Height == header.Height)
                            || (pixels.Width == header.Height && pixels.Height == header.Width);
        if (pixels.Empty() || !matchesHeader)
        {
            pixels.Dispose();
            return ImageDecodeResult.Rejected(ImageRejectionReason.Undecodable,
                $"The {header.Format} data could not be decoded (corrupt image data).", header);
        }

        return ImageDecodeResult.Decoded(new DecodedImage(pixels, header));
    }

    private static unsafe SixLabors.ImageSharp.IImageInfo? IdentifyInPlace(ReadOnlySpan<byte> encoded, out SixLabors.ImageSharp.Formats.IImageFormat? format)
    {
        fixed (byte* start = encoded)
        {
            using var stream = new UnmanagedMemoryStream(start, encoded.Length);
            return Image.Identify(stream, out format);
        }
    }

    private static ImageRejection? TryIdentify(ReadOnlySpan<byte> encoded, out ImageHeader? header)
    {
        header = null;
        try
        {
            var info = IdentifyInPlace(encoded, out var format);
            if (info is null || format is null)
            {
                return new(ImageRejectionReason.UnsupportedFormat, $"The data is not an image in any known format; send {AcceptedFormats}.");
            }

            header = new ImageHeader(format.Name, info.Width, info.Height);
            return null;
        }
        catch (UnknownImageFormatException)
        {
            return new(ImageRejectionReason.UnsupportedFormat, $"The data is not an image in any known format; send {AcceptedFormats}.");
        }
        catch (Exception error) when (error is ImageFormatException or InvalidDataException or NotSupportedException
                                          or IndexOutOfRangeException or ArgumentException or EndOfStreamException)
        {
            return new(ImageRejectionReason.CorruptHeader, $"The image header is corrupt: {error.Message}");
        }
    }
}
