using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Plates;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// A plate candidate in full-image pixels with the vehicle it was found on (null when the whole photo was searched),
/// the candidate as found in the vehicle crop, and the rectified plate crop, which the caller owns and disposes.
/// </summary>
public sealed class VehiclePlate(BoundingBox box, Detection? vehicle, string? vehicleClass, PlateCandidate candidate, Mat plateCrop) : IDisposable
{
    public BoundingBox Box { get; } = box;

    public Detection? Vehicle { get; } = vehicle;

    public string? VehicleClass { get; } = vehicleClass;

    public PlateCandidate Candidate { get; } = candidate;

    /// <summary>Which located plate this crop was cut from: the finder cuts each plate at several margins, with the same index.</summary>
    public int PlateIndex { get; init; }

    public PlateLayout Layout => Candidate.Layout;

    public float Score => Candidate.Score;

    public Mat PlateCrop { get; } = plateCrop;

    public void Dispose() => PlateCrop.Dispose();
}
