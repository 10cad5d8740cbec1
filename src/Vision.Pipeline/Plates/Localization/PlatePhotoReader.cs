using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// Finds and reads the plates of a whole photo: vehicles → plate candidates → rectified crops → crop reader (grammar
/// once, with the layout the vehicle's class implies, and the second opinion when unsure). Of each vehicle's
/// candidates, each cut at every reading margin of the finder, the one read as a valid plate with the highest
/// confidence × locator score wins; a plate found by the whole-photo search outside every vehicle is read on its own
/// and kept when valid.
/// </summary>
public sealed class PlatePhotoReader
{
    private readonly VehiclePlateFinder _finder;
    private readonly PlateCropReader _reader;
    private readonly IReadOnlyList<ModelIdentity> _models;

    public PlatePhotoReader(VehiclePlateFinder finder, PlateCropReader reader)
    {
        _finder = finder ?? throw new ArgumentNullException(nameof(finder));
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _models = [.. finder.Models, .. reader.Models];
    }

    /// <summary>The finder's and the readers' models.</summary>
    public IReadOnlyList<ModelIdentity> Models => _models;

    /// <summary>The grammar reads are checked with.</summary>
    public PlateGrammar Grammar => _reader.Grammar;

    /// <summary>Runs the finder's vehicle detector on the photo first.</summary>
    public IReadOnlyList<PhotoPlateRead> Read(Mat photo) => ReadFound(_finder.Find(photo)).Reads;

    /// <summary>Reads the plates of the vehicles among already computed detections.</summary>
    public IReadOnlyList<PhotoPlateRead> Read(Mat photo, DetectionResult detections) => ReadAll(photo, detections).Reads;

    /// <summary>The reads and every plate-like region found, for callers that also obscure plates.</summary>
    public PhotoPlates ReadAll(Mat photo, DetectionResult detections) => ReadFound(_finder.Find(photo, detections));

    private PhotoPlates ReadFound(IReadOnlyList<VehiclePlate> plates)
    {
        try
        {
            if (plates.Count == 0)
            {
                return new PhotoPlates([], []);
            }

            var reads = _reader.Read(
                [.. plates.Select(plate => plate.PlateCrop)],
                [.. plates.Select(plate => GrammarLayout.For(plate.VehicleClass, plate.Layout))],
                [.. plates.Select(plate => plate.PlateIndex)]);
            var results = new List<PhotoPlateRead>();
            // A vehicle gets one plate; a plate found outside every vehicle is its own (keyed by its box).
            foreach (var group in plates.Select((plate, index) => (Plate: plate, Read: reads[index]))
                         .GroupBy(pair => (object?)pair.Plate.Vehicle ?? pair.Plate.Box))
            {
                var best = group
                    .OrderByDescending(option => option.Read.Text.IsValid)
                    .ThenByDescending(option => option.Read.Confidence * option.Plate.Score)
                    .First();
                if (best.Plate.Vehicle is null && !best.Read.Text.IsValid)
                {
                    // Text outside every vehicle that reads as no plate is a sign or a poster, not worth reporting.
                    continue;
                }

                results.Add(new PhotoPlateRead(
                    best.Plate.Box, best.Plate.Vehicle, best.Plate.VehicleClass, best.Read.Text, best.Read.Confidence, best.Plate.Layout, _models)
                {
                    Alternatives = best.Read.Alternatives,
                    Colour = best.Read.Colour,
                });
            }

            return new PhotoPlates(results, [.. plates.Select(plate => plate.Box).Distinct()]);
        }
        finally
        {
            foreach (var plate in plates)
            {
                plate.Dispose();
            }
        }
    }
}
