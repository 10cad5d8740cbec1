using Vision.Domain.Geography;


namespace Vision.Pipeline.Triage.Exif;

/// <summary>The EXIF GPS position against the reported position (haversine distance).</summary>
public static class CapturePositionCheck
{
    public const double MissingEffect = -0.02;
    public const double ConsistentEffect = 0.1;
    public const double FarEffect = -0.3;

    public static TriageReason Evaluate(ExifFacts exif, GeoPosition? reportedPosition, double maxDistanceKm)
    {
        if (exif.Position is not { } captured)
        {
            return new TriageReason(TriageReasonCodes.CapturePositionMissing,
                "The photo carries no GPS position (EXIF); most apps strip it. A weak sign only.", MissingEffect);
        }

        if (reportedPosition is not { } reported)
        {
            return new TriageReason(TriageReasonCodes.CapturePositionNotCompared,
                $"Taken at {captured}; the report gives no position to compare with.", 0);
        }

        var distanceKm = captured.DistanceKmTo(reported);
        return distanceKm <= maxDistanceKm
            ? new TriageReason(TriageReasonCodes.CapturePositionConsistent,
                FormattableString.Invariant($"The photo was taken {distanceKm * 1000:F0} m from the reported position."), ConsistentEffect)
            : new TriageReason(TriageReasonCodes.CapturePositionFar,
                FormattableString.Invariant($"The photo was taken {distanceKm:F1} km from the reported position (at {captured})."), FarEffect);
    }
}
