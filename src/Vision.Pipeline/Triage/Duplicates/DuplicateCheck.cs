using Vision.Domain.Geography;
using Vision.Domain.Triage;


namespace Vision.Pipeline.Triage.Duplicates;

/// <summary>
/// Searches the report photo index for near-duplicates reported within the radius and time window before this report
/// (the report's own id excluded; at the same instant, those whose id sorts first), closest fingerprints first.
/// </summary>
public sealed class DuplicateCheck(IReportPhotoIndex index, TriageOptions options)
{
    public const double DuplicateEffect = -0.5;

    public async Task<(IReadOnlyList<DuplicateMatch> Matches, TriageReason Reason)> EvaluateAsync(
        PhotoFingerprint fingerprint, GeoPosition? position, DateTimeOffset reportedAt, string? reportId, CancellationToken cancellationToken)
    {
        var candidates = await index.FindAsync(position?.Latitude, position?.Longitude, options.DuplicateRadiusMetres,
            reportedAt - options.DuplicateWindow, reportedAt, cancellationToken);
        var matches = new List<DuplicateMatch>();
        foreach (var candidate in candidates)
        {
            // Reported at the same instant, the one whose id sorts first is the original: never both duplicates.
            if (candidate.ReportId == reportId || (candidate.ReportedAt == reportedAt && reportId is not null
                    && string.CompareOrdinal(candidate.ReportId, reportId) > 0)
                || !PhotoFingerprint.TryRead(candidate.Fingerprint.Span, out var stored))
            {
                continue;
            }

            var distance = fingerprint.DistanceTo(stored);
            if (distance <= options.DuplicateMaxHammingDistance)
            {
                double? distanceKm = position is { } here && candidate.Latitude is { } latitude && candidate.Longitude is { } longitude
                    ? here.DistanceKmTo(new GeoPosition(latitude, longitude))
                    : null;
                matches.Add(new DuplicateMatch(candidate.ReportId, distance, candidate.ReportedAt, distanceKm));
            }
        }

        matches.Sort((first, second) => first.HammingDistance != second.HammingDistance
            ? first.HammingDistance.CompareTo(second.HammingDistance)
            : second.ReportedAt.CompareTo(first.ReportedAt));
        var windowDays = options.DuplicateWindow.TotalDays;
        var reason = matches.Count == 0
            ? new TriageReason(TriageReasonCodes.NotDuplicate,
                FormattableString.Invariant($"No near-duplicate among {candidates.Count} reports of the last {windowDays:F0} days nearby."), 0)
            : new TriageReason(TriageReasonCodes.DuplicateOfRecentReport,
                FormattableString.Invariant($"The photo is a near-duplicate of report {matches[0].ReportId} ({matches[0].HammingDistance} of 64 fingerprint bits differ), reported {matches[0].ReportedAt:yyyy-MM-dd HH:mm zzz}."),
                DuplicateEffect);
        return (matches, reason);
    }
}
