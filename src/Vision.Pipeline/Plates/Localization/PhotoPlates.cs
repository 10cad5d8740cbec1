using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// The plates of a photo: one read per vehicle (the best of its candidates) and per plate found outside every vehicle,
/// and every plate-like region the locator found (read or not), which a publishable copy must obscure.
/// </summary>
public sealed record PhotoPlates(IReadOnlyList<PhotoPlateRead> Reads, IReadOnlyList<BoundingBox> PlateRegions);
