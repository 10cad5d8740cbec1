namespace Vision.Pipeline.Imaging;

/// <summary>Why an encoded image was refused; each maps to one documented error of the API.</summary>
public enum ImageRejectionReason
{
    Empty,
    TooManyBytes,
    UnsupportedFormat,
    CorruptHeader,
    DimensionsTooLarge,
    DimensionsTooSmall,
    Truncated,
    Undecodable,
}
