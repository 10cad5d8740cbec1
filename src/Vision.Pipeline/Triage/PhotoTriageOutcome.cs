using Vision.Pipeline.Imaging;
using Vision.Pipeline.Triage.Exif;

namespace Vision.Pipeline.Triage;

/// <summary>Either the triage of a photo, or why the photo (its pixels or its metadata) was refused.</summary>
public readonly record struct PhotoTriageOutcome(PhotoTriageResult? Result, ImageRejection? ImageRejection, ExifRejection? ExifRejection)
{
    public bool IsRefused => Result is null;
}
