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
    /// Also search the whole photo as if it were one vehicle crop, for the plates of vehicles the detector missed (a car
    /// filling the frame, a motorbike half hidden). Its candidates inside a detected vehicle count as that vehicle's.
    /// </summary>
    public bool SearchWholeImage { get; set; } = true;

    /// <summary>Plate candidates kept from the whole-photo search, each read and reported on its own.</summary>
    [Range(0, 50)]
    public int MaxWholeImageCandidates { get; set; } = 8;

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

    /// <summary>
    /// Further reading margins: each candidate is also cut at each of these (after the one of
    /// <see cref="HorizontalReadingMargin"/> and <see cref="VerticalReadingMargin"/>), and the reader keeps the valid read
    /// with the highest confidence. The reader is sensitive to the margin, and the locator's box is sometimes too tight or
    /// too loose for the first margin. Empty: one crop per candidate. The default spreads five margins around the first
    /// (0–10 % across, 0–20 % up and down); on openalpr_us end to end it reads 177/222 = 79.7 % against 172/222 = 77.5 %
    /// with the first margin alone (either single extra margin, 10 %/20 % or 0/0, gains nothing net: as many reads are
    /// won as lost to a wrong read of higher confidence). The reader's cost grows with the count; the locator's does not.
    /// </summary>
    public List<PlateReadingMargin> AdditionalReadingMargins { get; set; } =
    [
        new() { Horizontal = 0.10f, Vertical = 0.20f },
        new() { Horizontal = 0, Vertical = 0 },
        new() { Horizontal = 0.05f, Vertical = 0.15f },
        new() { Horizontal = 0.10f, Vertical = 0.10f },
        new() { Horizontal = 0, Vertical = 0.20f },
    ];

    /// <summary>Plate candidates kept per vehicle (the reader picks among them).</summary>
    [Range(1, 20)]
    public int MaxCandidatesPerVehicle { get; set; } = 3;
}

/// <summary>A reading margin: the plate box grown by fractions of its width (left and right) and height (above and below).</summary>
public sealed class PlateReadingMargin
{
    [Range(0.0, 1.0)]
    public float Horizontal { get; set; }

    [Range(0.0, 1.0)]
    public float Vertical { get; set; }
}
