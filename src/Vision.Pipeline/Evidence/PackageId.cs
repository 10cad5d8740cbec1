using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vision.Domain.Violations;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// Evidence package ids: the violation's UTC capture time first (<c>yyyyMMddTHHmmssfffZ</c>, so ids sort by time and
/// retention needs no file read), then camera, kind, track and sequence, separated by '_'. Only [a-z0-9._-]: safe as a
/// folder name. The camera id is escaped so that no two cameras share an id: letters, digits and '-' stay, '.' becomes
/// "..", '_' ".-" and anything else '.' with the hex of each UTF-8 byte ("cam_1" → "cam.-1", "cam-1" → "cam-1").
/// </summary>
public static class PackageId
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";
    private const int TimeLength = 19;

    public static string For(ViolationCandidate candidate)
    {
        var time = candidate.OccurredAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        return $"{time}_{Escape(candidate.CameraId)}_{candidate.Kind.ToString().ToLowerInvariant()}_t{candidate.TrackId}_s{candidate.Sequence}";
    }

    /// <summary>
    /// The id of a violation whose <see cref="For"/> id holds another violation's package: two violations of one vehicle
    /// raised in the same frame (overlapping zones of one kind), or a package sealed under <see cref="LegacyFor"/> by
    /// another camera. <see cref="For"/>'s id with <c>_v</c> and the first 8 hex digits of the SHA-256 of the violation id.
    /// </summary>
    public static string DisambiguatedFor(ViolationCandidate candidate) =>
        $"{For(candidate)}_v{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(candidate.Id)))[..8]}";

    /// <summary>
    /// The id packages had before camera ids were escaped ('_' and other characters became '-', so "cam_1" and "cam-1"
    /// shared ids); such packages are still found by their violation's id, never by another camera's.
    /// </summary>
    public static string LegacyFor(ViolationCandidate candidate)
    {
        var time = candidate.OccurredAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        return $"{time}_{LegacySanitize(candidate.CameraId)}_{candidate.Kind.ToString().ToLowerInvariant()}_t{candidate.TrackId}_s{candidate.Sequence}";
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

    private static string Escape(string cameraId)
    {
        var builder = new StringBuilder(cameraId.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in cameraId.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterLower((char)rune.Value) || char.IsAsciiDigit((char)rune.Value) || rune.Value == '-'))
            {
                builder.Append((char)rune.Value);
            }
            else if (rune.Value == '.')
            {
                builder.Append("..");
            }
            else if (rune.Value == '_')
            {
                builder.Append(".-");
            }
            else
            {
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                {
                    builder.Append('.').Append(b.ToString("x2", CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.ToString();
    }

    private static string LegacySanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' ? c : '-');
        }

        return builder.ToString();
    }
}
