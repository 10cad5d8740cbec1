using Vision.Pipeline.Triage;

namespace Vision.Service.Hosting;

/// <summary>
/// An in-process report photo index, lost at restart: it stands in until the store's database-backed index is
/// registered (which replaces it). Bounded: entries older than the duplicate window are dropped, and at most
/// <see cref="Capacity"/> photos are kept (oldest first out). Searched linearly.
/// </summary>
public sealed class InMemoryReportPhotoIndex(TriageOptions options, TimeProvider time) : IReportPhotoIndex
{
    public const int Capacity = 100_000;

    private readonly LinkedList<IndexedReportPhoto> _photos = new();
    private readonly Lock _gate = new();

    public Task AddAsync(IndexedReportPhoto photo, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var oldest = time.GetUtcNow() - options.DuplicateWindow;
            while (_photos.First is { } first && (first.Value.ReportedAt < oldest || _photos.Count >= Capacity))
            {
                _photos.RemoveFirst();
            }

            _photos.AddLast(photo);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IndexedReportPhoto>> FindAsync(double? latitude, double? longitude, double radiusMetres,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        GeoPosition? centre = latitude is { } lat && longitude is { } lon ? new GeoPosition(lat, lon) : null;
        lock (_gate)
        {
            IReadOnlyList<IndexedReportPhoto> found =
            [
                .. _photos.Where(photo => photo.ReportedAt >= from && photo.ReportedAt <= to
                    && (centre is not { } here || photo.Latitude is not { } photoLat || photo.Longitude is not { } photoLon
                        || here.DistanceKmTo(new GeoPosition(photoLat, photoLon)) * 1000 <= radiusMetres)),
            ];
            return Task.FromResult(found);
        }
    }
}
