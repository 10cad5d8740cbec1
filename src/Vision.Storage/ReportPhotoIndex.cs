using Dapper;
using Vision.Domain.Triage;

namespace Vision.Storage;

/// <summary>
/// Report photos for near-duplicate search, in the <c>report_photos</c> table: the time window and a bounding box
/// around the position are filtered in SQL (indexed), the exact great-circle distance in code. A report may have several
/// photos: each is kept (once: a retried triage adds nothing).
/// </summary>
public sealed class ReportPhotoIndex(ViolationDatabase database) : IReportPhotoIndex
{
    private const double EarthRadiusMetres = 6_371_008.8;
    private const double MetresPerDegreeLatitude = Math.PI * EarthRadiusMetres / 180;

    public async Task AddAsync(IndexedReportPhoto photo, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO report_photos (report_id, fingerprint, latitude, longitude, reported_ms)
            VALUES (@ReportId, @Fingerprint, @Latitude, @Longitude, @ReportedMs)
            ON CONFLICT (report_id, fingerprint) DO NOTHING;
            """, new
        {
            photo.ReportId,
            Fingerprint = photo.Fingerprint.ToArray(),
            photo.Latitude,
            photo.Longitude,
            ReportedMs = photo.ReportedAt.ToUnixTimeMilliseconds(),
        }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<IndexedReportPhoto>> FindAsync(double? latitude, double? longitude, double radiusMetres,
        DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var sql = "SELECT report_id, fingerprint, latitude, longitude, reported_ms FROM report_photos WHERE reported_ms >= @FromMs AND reported_ms <= @ToMs";
        var parameters = new DynamicParameters(new { FromMs = from.ToUnixTimeMilliseconds(), ToMs = to.ToUnixTimeMilliseconds() });
        var located = latitude is not null && longitude is not null;
        if (located)
        {
            var latitudeDelta = radiusMetres / MetresPerDegreeLatitude;
            var cosine = Math.Max(Math.Cos(latitude!.Value * Math.PI / 180), 1e-6);
            var longitudeDelta = Math.Min(180, latitudeDelta / cosine);
            // A photo stored without a position may have been taken anywhere, as a search without one looks everywhere.
            sql += " AND (latitude IS NULL OR longitude IS NULL OR (latitude BETWEEN @MinLat AND @MaxLat AND longitude BETWEEN @MinLon AND @MaxLon))";
            parameters.Add("MinLat", latitude.Value - latitudeDelta);
            parameters.Add("MaxLat", latitude.Value + latitudeDelta);
            parameters.Add("MinLon", longitude!.Value - longitudeDelta);
            parameters.Add("MaxLon", longitude.Value + longitudeDelta);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PhotoRow>(new CommandDefinition(sql + " ORDER BY reported_ms, report_id;", parameters,
            cancellationToken: cancellationToken));
        return rows
            .Where(r => !located || r.Latitude is not { } rowLatitude || r.Longitude is not { } rowLongitude
                || HaversineMetres(latitude!.Value, longitude!.Value, rowLatitude, rowLongitude) <= radiusMetres)
            .Select(r => new IndexedReportPhoto(r.ReportId, r.Fingerprint, r.Latitude, r.Longitude, DateTimeOffset.FromUnixTimeMilliseconds(r.ReportedMs)))
            .ToList();
    }

    /// <summary>Great-circle distance on the mean Earth sphere.</summary>
    public static double HaversineMetres(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(latitude2 - latitude1);
        var dLon = Radians(longitude2 - longitude1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(Radians(latitude1)) * Math.Cos(Radians(latitude2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private sealed class PhotoRow
    {
        public string ReportId { get; set; } = "";
        public byte[] Fingerprint { get; set; } = [];
        public double? Latitude { get; set; }
        public double? Longitude { get; set; }
        public long ReportedMs { get; set; }
    }
}
