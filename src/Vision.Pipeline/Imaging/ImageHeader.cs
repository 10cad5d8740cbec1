namespace Vision.Pipeline.Imaging;

/// <summary>What the image's own header claims, read without decoding pixels.</summary>
public sealed record ImageHeader(string Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}
