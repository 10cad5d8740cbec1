using System.Globalization;

namespace Vision.Pipeline.Triage.Exif;

/// <summary>
/// The EXIF capture time against the reported time. A missing EXIF time is a weak reason only: messaging apps and
/// many phones strip metadata, so its absence proves nothing.
/// </summary>
public static class CaptureTimeCheck
{
    public const double MissingEffect = -0.05;
    public const double ConsistentEffect = 0.1;
    public const double HoursApartEffect = -0.05;
    public const double DaysApartEffect = -0.2;
    public const double MonthsApartEffect = -0.4;
    public const double AfterReportEffect = -0.2;

    public static TriageReason Evaluate(ExifFacts exif, DateTimeOffset? reportedAt, TriageOptions options)
    {
        if (exif.CapturedAt is not { } capturedAt)
        {
            return new TriageReason(TriageReasonCodes.CaptureTimeMissing,
                "The photo carries no capture time (EXIF); it may have been stripped by the sending app. A weak sign only.", MissingEffect);
        }

        var captured = capturedAt.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
        if (reportedAt is not { } reported)
        {
            return new TriageReason(TriageReasonCodes.CaptureTimeNotCompared, $"Taken at {captured}; the report gives no time to compare with.", 0);
        }

        var age = reported - capturedAt;
        if (age < -options.CaptureTimeTolerance)
        {
            return new TriageReason(TriageReasonCodes.CaptureTimeAfterReport,
                $"The photo was taken at {captured}, {Describe(-age)} after the report was made: the camera clock or the report time is wrong.",
                AfterReportEffect);
        }

        if (age <= options.CaptureTimeTolerance)
        {
            return new TriageReason(TriageReasonCodes.CaptureTimeConsistent,
                $"The photo was taken at {captured}, {Describe(age.Duration())} from the reported time.", ConsistentEffect);
        }

        var (code, effect) = age <= options.CaptureDaysApartAfter ? (TriageReasonCodes.CaptureTimeHoursApart, HoursApartEffect)
            : age <= options.CaptureMonthsApartAfter ? (TriageReasonCodes.CaptureTimeDaysApart, DaysApartEffect)
            : (TriageReasonCodes.CaptureTimeMonthsApart, MonthsApartEffect);
        return new TriageReason(code, $"The photo was taken at {captured}, {Describe(age)} before the report: it may show an old situation.", effect);
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 60 } => FormattableString.Invariant($"about {span.TotalDays / 30.44:F0} months"),
        { TotalDays: >= 2 } => FormattableString.Invariant($"{span.TotalDays:F0} days"),
        { TotalHours: >= 2 } => FormattableString.Invariant($"{span.TotalHours:F0} hours"),
        _ => FormattableString.Invariant($"{span.TotalMinutes:F0} minutes"),
    };
}
