using Vision.Domain.Geography;


namespace Vision.Pipeline.Triage.Exif;

/// <summary>
/// What a photo's EXIF says about when and where it was taken. <see cref="CapturedAt"/> carries the offset written by
/// the camera (OffsetTimeOriginal) when <see cref="CaptureOffsetKnown"/>, otherwise the assumed local offset.
/// </summary>
public sealed record ExifFacts(
    bool Present,
    ushort? Orientation,
    DateTimeOffset? CapturedAt,
    bool CaptureOffsetKnown,
    GeoPosition? Position)
{
    public static ExifFacts None { get; } = new(false, null, null, false, null);
}
