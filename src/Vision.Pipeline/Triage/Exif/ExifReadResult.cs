namespace Vision.Pipeline.Triage.Exif;

/// <summary>The EXIF facts of a photo (<see cref="ExifFacts.None"/> when it has none), or why its metadata was refused.</summary>
public readonly record struct ExifReadResult(ExifFacts Facts, ExifRejection? Rejection)
{
    public static ExifReadResult Refused(ExifRejectionReason reason, string message) => new(ExifFacts.None, new ExifRejection(reason, message));
}
