using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// Finds plates in a full image: crops each vehicle (with a margin), locates plates inside it, maps them back to image
/// pixels (tight boxes) and cuts the rectified plate from the image at each reading margin
/// (<see cref="VehiclePlateFinderOptions.VerticalReadingMargin"/>, <see cref="VehiclePlateFinderOptions.AdditionalReadingMargins"/>).
/// Without given detections it runs the vehicle detector itself.
/// </summary>
public sealed class VehiclePlateFinder
{
    // Neighbouring vehicle crops (parked motorbikes) overlap; the same plate found twice is kept once.
    private const float DuplicateIou = 0.5f;

    private readonly IPlateLocator _locator;
    private readonly ObjectDetector? _vehicleDetector;
    private readonly VehiclePlateFinderOptions _options;
    private readonly List<(float Horizontal, float Vertical)> _margins;

    public VehiclePlateFinder(IPlateLocator locator, ObjectDetector? vehicleDetector, VehiclePlateFinderOptions? options = null)
    {
        _locator = locator;
        _vehicleDetector = vehicleDetector;
        _options = options ?? new VehiclePlateFinderOptions();
        // The margins suit the text locator's boxes; a locator with tighter ones (a plate detector's) asks for more around
        // them, and the whole spread moves out by the difference: cut at the text locator's margins, a detector's box lost
        // the plate's first and last characters, and a valid shorter plate could win.
        var widen = (Horizontal: Math.Max(0, locator.ReadingMargin.Horizontal - _options.HorizontalReadingMargin),
            Vertical: Math.Max(0, locator.ReadingMargin.Vertical - _options.VerticalReadingMargin));
        _margins = [.. new[] { (_options.HorizontalReadingMargin, _options.VerticalReadingMargin) }
            .Concat(_options.AdditionalReadingMargins.Select(margin => (margin.Horizontal, margin.Vertical)))
            .Select(margin => (margin.Item1 + widen.Horizontal, margin.Item2 + widen.Vertical))
            .Distinct()];
        Models = vehicleDetector is null ? locator.Models : [vehicleDetector.Model, .. locator.Models];
    }

    /// <summary>The vehicle detector (when there is one) and the locator's models.</summary>
    public IReadOnlyList<ModelIdentity> Models { get; }

    /// <summary>Detects vehicles with the finder's own detector, then finds their plates.</summary>
    public IReadOnlyList<VehiclePlate> Find(Mat image)
    {
        if (_vehicleDetector is null)
        {
            throw new InvalidOperationException("This finder has no vehicle detector; pass the detections to Find(image, detections).");
        }

        return Find(image, _vehicleDetector.Detect(image));
    }

    /// <summary>
    /// Finds plates on the vehicles among <paramref name="detections"/>; best candidates first within each vehicle. Each
    /// candidate appears once per reading margin (same box, crops cut at the first margin, then the additional ones in
    /// order), so a reader can keep the crop it reads best.
    /// </summary>
    public IReadOnlyList<VehiclePlate> Find(Mat image, DetectionResult detections)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(detections);
        var vehicles = detections.Detections
            .Select(detection => (Detection: detection, Class: detections.Classes.NameOf(detection.ClassId)))
            .Where(vehicle => _options.VehicleClasses.Contains(vehicle.Class)
                && vehicle.Detection.Box.Width >= _options.MinimumVehicleSide
                && vehicle.Detection.Box.Height >= _options.MinimumVehicleSide)
            .ToList();

        var found = new List<Found>();
        foreach (var (vehicle, vehicleClass) in vehicles)
        {
            AddCandidates(image, Grow(vehicle.Box, image.Width, image.Height), vehicle, vehicleClass, _options.MaxCandidatesPerVehicle, found);
        }

        if (_options.SearchWholeImage && _options.MaxWholeImageCandidates > 0)
        {
            AddCandidates(image, new Rect(0, 0, image.Width, image.Height), null, null, _options.MaxWholeImageCandidates, found);
            for (var i = 0; i < found.Count; i++)
            {
                if (found[i].Vehicle is null && ContainingVehicle(found[i].Box, vehicles) is { } owner)
                {
                    found[i] = found[i] with { Vehicle = owner.Detection, VehicleClass = owner.Class };
                }
            }
        }

        var plates = new List<VehiclePlate>(found.Count * _margins.Count);
        try
        {
            for (var index = 0; index < found.Count; index++)
            {
                var candidate = found[index];
                foreach (var (horizontal, vertical) in _margins)
                {
                    plates.Add(new VehiclePlate(candidate.Box, candidate.Vehicle, candidate.VehicleClass, candidate.Candidate,
                        PlateRectifier.Rectify(image, candidate.InImage, horizontal, vertical)) { PlateIndex = index });
                }
            }
        }
        catch
        {
            // The plates cut so far own their crops; nobody else will dispose them.
            plates.ForEach(plate => plate.Dispose());
            throw;
        }

        return plates;
    }

    private void AddCandidates(Mat image, Rect cropRect, Detection? vehicle, string? vehicleClass, int maxCandidates, List<Found> found)
    {
        using var crop = new Mat(image, cropRect);
        foreach (var candidate in _locator.Locate(crop).Take(maxCandidates))
        {
            var box = new BoundingBox(
                candidate.Box.Left + cropRect.X, candidate.Box.Top + cropRect.Y,
                candidate.Box.Right + cropRect.X, candidate.Box.Bottom + cropRect.Y);
            var duplicate = found.FindIndex(plate => plate.Box.IntersectionOverUnion(box) >= DuplicateIou);
            if (duplicate >= 0 && found[duplicate].Candidate.Score >= candidate.Score)
            {
                continue;
            }

            var plate = new Found(box, vehicle, vehicleClass, candidate, InImage(candidate, cropRect));
            if (duplicate >= 0)
            {
                // A better box for a plate already found on a vehicle stays that vehicle's plate.
                found[duplicate] = vehicle is null ? plate with { Vehicle = found[duplicate].Vehicle, VehicleClass = found[duplicate].VehicleClass } : plate;
            }
            else
            {
                found.Add(plate);
            }
        }
    }

    /// <summary>The smallest detected vehicle whose box holds the centre of a plate found on the whole photo.</summary>
    private static (Detection Detection, string Class)? ContainingVehicle(BoundingBox plate, List<(Detection Detection, string Class)> vehicles)
    {
        var centreX = (plate.Left + plate.Right) / 2;
        var centreY = (plate.Top + plate.Bottom) / 2;
        (Detection Detection, string Class)? owner = null;
        foreach (var vehicle in vehicles)
        {
            var box = vehicle.Detection.Box;
            if (centreX >= box.Left && centreX <= box.Right && centreY >= box.Top && centreY <= box.Bottom
                && (owner is null || box.Area < owner.Value.Detection.Box.Area))
            {
                owner = vehicle;
            }
        }

        return owner;
    }

    /// <summary>A located candidate: as found in the searched crop, and in image pixels for cutting the reading crops.</summary>
    private sealed record Found(BoundingBox Box, Detection? Vehicle, string? VehicleClass, PlateCandidate Candidate, PlateCandidate InImage);

    /// <summary>The candidate in image pixels, so the reading margin is cut from the photo, not clipped at the vehicle crop.</summary>
    private static PlateCandidate InImage(PlateCandidate candidate, Rect cropRect) => candidate with
    {
        Box = new BoundingBox(candidate.Box.Left + cropRect.X, candidate.Box.Top + cropRect.Y, candidate.Box.Right + cropRect.X, candidate.Box.Bottom + cropRect.Y),
        Corners = candidate.Corners?.Select(corner => new Point2f(corner.X + cropRect.X, corner.Y + cropRect.Y)).ToArray(),
    };

    private Rect Grow(BoundingBox box, int width, int height)
    {
        var grown = new BoundingBox(
            box.Left - _options.MarginFraction * box.Width, box.Top - _options.MarginFraction * box.Height,
            box.Right + _options.MarginFraction * box.Width, box.Bottom + _options.MarginFraction * box.Height).ClampTo(width, height);
        var left = (int)grown.Left;
        var top = (int)grown.Top;
        return new Rect(left, top, Math.Max(1, (int)MathF.Ceiling(grown.Right) - left), Math.Max(1, (int)MathF.Ceiling(grown.Bottom) - top));
    }
}
