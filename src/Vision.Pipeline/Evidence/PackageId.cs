using System.Globalization;
using System.Text;
using Vision.Pipeline.Violations;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Evidence package ids: the violation's UTC capture time first (<c>yyyyMMddTHHmmssfffZ</c>, so ids sort by time and
/// retention needs no file read), then camera, kind, track and sequence. Only [a-z0-9._-]: safe as a folder name.
/// </summary>
public static class PackageId
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";
    private const int TimeLength = 19;

    public static string For(ViolationCandidate candidate)
    {
        var time = candidate.OccurredAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        return $"{time}_{Sanitize(candidate.CameraId)}_{candidate.Kind.ToString().ToLowerInvariant()}_t{candidate.TrackId}_s{candidate.Sequence}";
    }

    /// <summary>Whether <paramref name="packageId"/> is a well-formed id (checked before it touches a path).</summary>
    public static bool IsWellFormed(string packageId) => TryReadCaptureTime(packageId, out _)
        && packageId.Length <= 200
        && packageId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or 'T' or 'Z');

    /// <summary>The UTC capture time an id starts with.</summary>
    public static bool TryReadCaptureTime(string packageId, out DateTimeOffset capturedAtUtc)
    {
        capturedAtUtc = default;
        if (packageId.Length < TimeLength || !DateTime.TryParseExact(packageId.AsSpan(0, TimeLength), TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        capturedAtUtc = new DateTimeOffset(time, TimeSpan.Zero);
        return true;
    }

    private static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' ? c : '-');
        }

        return builder.ToString();
    }
}
