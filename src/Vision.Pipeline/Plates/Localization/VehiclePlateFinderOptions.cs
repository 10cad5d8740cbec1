using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>Which detected vehicles are searched for plates, and how their crops are cut.</summary>
public sealed class VehiclePlateFinderOptions
{
    /// <summary>Detector class names that carry plates.</summary>
    public List<string> VehicleClasses { get; set; } = ["car", "motorcycle", "bus", "truck"];

    /// <summary>Vehicles smaller than this (either side, in image pixels) have plates too small to read.</summary>
    [Range(1, 10000)]
    public int MinimumVehicleSide { get; set; } = 48;

    /// <summary>The vehicle box is grown by this fraction of its size on each side, so a plate on its edge is not cut.</summary>
    [Range(0.0, 1.0)]
    public float MarginFraction { get; set; } = 0.05f;

    /// <summary>
    /// When no vehicle is found, or one covers at least this fraction of the photo (a close-up), the whole photo is
    /// also searched as if it were a vehicle crop. 0 disables the whole-photo search.
    /// </summary>
    [Range(0.0, 1.0)]
    public float WholeImageVehicleFraction { get; set; } = 0.3f;

    /// <summary>
    /// The crop handed to the reader is the plate box grown by this fraction of its width left and right; the reported
    /// plate box stays tight. The text locator's box is already about 25 % wider than a hand-drawn plate box (its text
    /// line is unclipped, then grown by <see cref="TextPlateLocatorOptions.BorderFraction"/>) but only about 5 % taller, so
    /// 0 here and <see cref="VerticalReadingMargin"/> = 0.10 give the reader the crop of the <see cref="PlateCrop"/> rule
    /// (plate + 10 % each side). For a locator with tight boxes (a plate detector) use <see cref="PlateCrop.ReadingMargin"/>.
    /// </summary>
    [Range(0.0, 1.0)]
    public float HorizontalReadingMargin { get; set; }

    /// <summary>The crop handed to the reader is the plate box grown by this fraction of its height above and below.</summary>
    [Range(0.0, 1.0)]
    public float VerticalReadingMargin { get; set; } = 0.10f;

    /// <summary>Plate candidates kept per vehicle (the reader picks among them).</summary>
    [Range(1, 20)]
    public int MaxCandidatesPerVehicle { get; set; } = 3;
}
