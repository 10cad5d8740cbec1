namespace Vision.Pipeline.Triage.Exif;

/// <summary>Metadata Vision refuses to parse, with a message fit to show the sender.</summary>
public sealed record ExifRejection(ExifRejectionReason Reason, string Message);
