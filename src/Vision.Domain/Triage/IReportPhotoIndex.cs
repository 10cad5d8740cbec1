namespace Vision.Domain.Triage;

/// <summary>Recent report photos, searchable by place and time (backed by the violations store, which keeps report times to the millisecond).</summary>
public interface IReportPhotoIndex
{
    Task AddAsync(IndexedReportPhoto photo, CancellationToken cancellationToken);

    /// <summary>
    /// Photos reported in [from, to] within <paramref name="radiusMetres"/> of the position, and those stored without a
    /// position (they may have been taken there); all in the window when the position is unknown.
    /// </summary>
    Task<IReadOnlyList<IndexedReportPhoto>> FindAsync(double? latitude, double? longitude, double radiusMetres,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
