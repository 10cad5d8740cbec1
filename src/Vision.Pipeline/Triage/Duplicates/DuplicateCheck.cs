using Vision.Domain.Geography;
using Vision.Domain.Triage;


namespace Vision.Pipeline.Triage.Duplicates;

/// <summary>
/// Searches the report photo index for near-duplicates reported within the radius and the time window either side of
/// this report (its own id excluded), closest fingerprints first. One made before it (at the same instant, one whose id
/// sorts first) makes this report a duplicate; one made after it is listed as reported later, with no effect: this
/// report is its original, triaged after it (a retried or queued report), and it was the duplicate.
/// </summary>
public sealed class DuplicateCheck(IReportPhotoIndex index, TriageOptions options)
{
    public const double DuplicateEffect = -0.5;

    public async Task<(IReadOnlyList<DuplicateMatch> Matches, TriageReason Reason)> EvaluateAsync(
        PhotoFingerprint fingerprint, GeoPosition? position, DateTimeOffset reportedAt, string? reportId, CancellationToken cancellationToken)
    {
        var candidates = await index.FindAsync(position?.Latitude, position?.Longitude, options.DuplicateRadiusMetres,
            reportedAt - options.DuplicateWindow, reportedAt + options.DuplicateWindow, cancellationToken);
        // A report may have several photos in the index: each report is named once, by its closest photo.
        var closest = new Dictionary<string, DuplicateMatch>(StringComparer.Ordinal);
        var compared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (candidate.ReportId == reportId || !PhotoFingerprint.TryRead(candidate.Fingerprint.Span, out var stored))
            {
                continue;
            }

            compared.Add(candidate.ReportId);
            var distance = fingerprint.DistanceTo(stored);
            if (distance <= options.DuplicateMaxHammingDistance
                && (!closest.TryGetValue(candidate.ReportId, out var known) || distance < known.HammingDistance))
            {
                double? distanceKm = position is { } here && candidate.Latitude is { } latitude && candidate.Longitude is { } longitude
                    ? here.DistanceKmTo(new GeoPosition(latitude, longitude))
                    : null;
                closest[candidate.ReportId] = new DuplicateMatch(candidate.ReportId, distance, candidate.ReportedAt, distanceKm,
                    ReportedLater: IsLater(candidate, reportedAt, reportId));
            }
        }

        var matches = closest.Values.ToList();

        // Earlier reports first (they decide), then the closest fingerprints, then the latest.
        matches.Sort((first, second) => first.ReportedLater != second.ReportedLater
            ? first.ReportedLater.CompareTo(second.ReportedLater)
            : first.HammingDistance != second.HammingDistance
                ? first.HammingDistance.CompareTo(second.HammingDistance)
                : second.ReportedAt.CompareTo(first.ReportedAt));
        var windowDays = options.DuplicateWindow.TotalDays;
        // In the city's time, as the report desk shows every other time (the store gives UTC: the date could differ).
        DateTimeOffset Local(DateTimeOffset at) => at.ToOffset(options.AssumedCaptureUtcOffset);
        var where = position is null ? "anywhere (this report has no position)" : "nearby";
        var reason = matches.Count == 0
            ? new TriageReason(TriageReasonCodes.NotDuplicate,
                FormattableString.Invariant($"No near-duplicate among {compared.Count} other reports within {windowDays:F0} days, {where}."), 0)
            : matches[0] is { ReportedLater: false } original
                ? new TriageReason(TriageReasonCodes.DuplicateOfRecentReport,
                    FormattableString.Invariant($"The photo is a near-duplicate of report {original.ReportId} ({original.HammingDistance} of 64 fingerprint bits differ), reported {Local(original.ReportedAt):yyyy-MM-dd HH:mm zzz}."),
                    DuplicateEffect)
                : new TriageReason(TriageReasonCodes.NearDuplicateReportedLater,
                    FormattableString.Invariant($"Report {matches[0].ReportId}, made later ({Local(matches[0].ReportedAt):yyyy-MM-dd HH:mm zzz}) and triaged before this one, is a near-duplicate of this photo ({matches[0].HammingDistance} of 64 fingerprint bits differ): this report is its original."),
                    0);
        return (matches, reason);
    }

    /// <summary>Made after this report; at the same instant, the one whose id sorts later is (never both duplicates).</summary>
    private static bool IsLater(IndexedReportPhoto candidate, DateTimeOffset reportedAt, string? reportId) =>
        candidate.ReportedAt > reportedAt
        || (candidate.ReportedAt == reportedAt && reportId is not null && string.CompareOrdinal(candidate.ReportId, reportId) > 0);
}
