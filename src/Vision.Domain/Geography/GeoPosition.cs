namespace Vision.Domain.Geography;

/// <summary>A WGS-84 position in decimal degrees.</summary>
public readonly record struct GeoPosition(double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    public bool IsValid => Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180
                           && double.IsFinite(Latitude) && double.IsFinite(Longitude);

    /// <summary>Great-circle distance (haversine on the mean Earth radius); good to about 0.5 % at city scale.</summary>
    public double DistanceKmTo(GeoPosition other)
    {
        var dLatitude = ToRadians(other.Latitude - Latitude);
        var dLongitude = ToRadians(other.Longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLatitude / 2), 2)
                + Math.Cos(ToRadians(Latitude)) * Math.Cos(ToRadians(other.Latitude)) * Math.Pow(Math.Sin(dLongitude / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public override string ToString() => FormattableString.Invariant($"{Latitude:F6}, {Longitude:F6}");

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
