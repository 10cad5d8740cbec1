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
}
