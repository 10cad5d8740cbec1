using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Imaging;

/// <summary>What an image from outside may be before Vision spends memory decoding it (bound from <c>Vision:ImageLimits</c>).</summary>
public sealed class ImageLimits
{
    [Range(1, int.MaxValue)]
    public int MaxEncodedBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Width × height; 50 MP admits a 12 MP phone photo with room to spare and refuses a 100 MP bomb.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    [Range(1, 65535)]
    public int MaxSide { get; set; } = 12_000;

    [Range(1, 65535)]
    public int MinSide { get; set; } = 16;

    /// <summary>
    /// Bytes accepted after the format's end marker. Phones append data to photos (motion photos carry a video
    /// after the JPEG's end), so this is generous; the encoded size limit still bounds the whole file.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxTrailingBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Images larger than <see cref="PixelsAllowedAtAnySize"/> may claim at most this many pixels per encoded byte:
    /// a real photo needs far fewer (a 12 MP phone JPEG is about 4 per byte), a 6 kB PNG claiming 50 MP is a bomb.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPixelsPerEncodedByte { get; set; } = 100;

    /// <summary>Below this pixel count the pixels-per-byte ratio is not checked (small flat images compress very well).</summary>
    [Range(0, long.MaxValue)]
    public long PixelsAllowedAtAnySize { get; set; } = 4_000_000;

    /// <summary>Largest single PNG ancillary chunk (text, ICC profile, EXIF): real ones are a few kilobytes.</summary>
    [Range(0, int.MaxValue)]
    public int MaxPngAncillaryChunkBytes { get; set; } = 1024 * 1024;

    /// <summary>Most bytes the compressed PNG text chunks and ICC profile (zTXt, iTXt, iCCP) of one image may inflate to, together.</summary>
    [Range(0, int.MaxValue)]
    public int MaxInflatedMetadataBytes { get; set; } = 1024 * 1024;

    /// <summary>Most chunks (PNG) or segments (JPEG) besides image data: thousands of tiny ones only cost parsing time.</summary>
    [Range(1, int.MaxValue)]
    public int MaxMetadataEntries { get; set; } = 1024;
}
