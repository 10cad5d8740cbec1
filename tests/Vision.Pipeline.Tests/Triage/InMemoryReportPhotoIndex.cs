using Vision.Domain.Geography;
using Vision.Domain.Triage;
using Vision.Pipeline.Triage;

namespace Vision.Pipeline.Tests.Triage;

/// <summary>Test fixture: the report photo index kept in a list (the store implements it over a database), times to the millisecond as the store keeps them.</summary>
public sealed class InMemoryReportPhotoIndex : IReportPhotoIndex
{
    private readonly List<IndexedReportPhoto> _photos = [];
    private readonly Lock _gate = new();

    public Task AddAsync(IndexedReportPhoto photo, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _photos.Add(photo with { ReportedAt = DateTimeOffset.FromUnixTimeMilliseconds(photo.ReportedAt.ToUnixTimeMilliseconds()) });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IndexedReportPhoto>> FindAsync(double? latitude, double? longitude, double radiusMetres,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<IndexedReportPhoto> found =
            [
                .. _photos.Where(photo => photo.ReportedAt.ToUnixTimeMilliseconds() >= from.ToUnixTimeMilliseconds()
                    && photo.ReportedAt.ToUnixTimeMilliseconds() <= to.ToUnixTimeMilliseconds() && Within(photo, latitude, longitude, radiusMetres)),
            ];
            return Task.FromResult(found);
        }
    }

    private static bool Within(IndexedReportPhoto photo, double? latitude, double? longitude, double radiusMetres) =>
        latitude is not { } lat || longitude is not { } lon || photo.Latitude is not { } photoLat || photo.Longitude is not { } photoLon
        || new GeoPosition(lat, lon).DistanceKmTo(new GeoPosition(photoLat, photoLon)) * 1000 <= radiusMetres;
}
