namespace Vision.Storage;

/// <summary>A WGS-84 position in degrees.</summary>
public readonly record struct GeoPosition(double Latitude, double Longitude);
