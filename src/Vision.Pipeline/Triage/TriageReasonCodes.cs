namespace Vision.Pipeline.Triage;

/// <summary>The stable reason codes of photo triage (documented in photo_analysis.proto).</summary>
public static class TriageReasonCodes
{
    public const string Sharp = "QUALITY_SHARP";
    public const string Blurred = "QUALITY_BLURRED";
    public const string ExposureOk = "QUALITY_EXPOSURE_OK";
    public const string TooDark = "QUALITY_TOO_DARK";
    public const string Overexposed = "QUALITY_OVEREXPOSED";
    public const string ResolutionOk = "QUALITY_RESOLUTION_OK";
    public const string LowResolution = "QUALITY_LOW_RESOLUTION";

    public const string CaptureTimeMissing = "CAPTURE_TIME_MISSING";
    public const string CaptureTimeNotCompared = "CAPTURE_TIME_NOT_COMPARED";
    public const string CaptureTimeConsistent = "CAPTURE_TIME_CONSISTENT";
    public const string CaptureTimeHoursApart = "CAPTURE_TIME_HOURS_APART";
    public const string CaptureTimeDaysApart = "CAPTURE_TIME_DAYS_APART";
    public const string CaptureTimeMonthsApart = "CAPTURE_TIME_MONTHS_APART";
    public const string CaptureTimeAfterReport = "CAPTURE_TIME_AFTER_REPORT";

    public const string CapturePositionMissing = "CAPTURE_POSITION_MISSING";
    public const string CapturePositionNotCompared = "CAPTURE_POSITION_NOT_COMPARED";
    public const string CapturePositionConsistent = "CAPTURE_POSITION_CONSISTENT";
    public const string CapturePositionFar = "CAPTURE_POSITION_FAR";

    public const string NotDuplicate = "NOT_A_DUPLICATE";
    public const string DuplicateOfRecentReport = "DUPLICATE_OF_RECENT_REPORT";
    public const string NearDuplicateReportedLater = "NEAR_DUPLICATE_REPORTED_LATER";

    public const string CategoryNotGiven = "CATEGORY_NOT_GIVEN";
    public const string CategoryUnknown = "CATEGORY_UNKNOWN";
    public const string CategorySupported = "CATEGORY_SUPPORTED";
    public const string CategoryNotSupported = "CATEGORY_NOT_SUPPORTED";
    public const string CategoryCannotJudge = "CATEGORY_CANNOT_JUDGE";
}
