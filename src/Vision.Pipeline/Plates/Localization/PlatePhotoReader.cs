using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>
/// Finds and reads the plates of a whole photo: vehicles → plate candidates → rectified crops → reader → grammar.
/// Of each vehicle's candidates, each cut at every reading margin of the finder, the one read as a valid plate with the
/// highest confidence × locator score wins.
/// </summary>
public sealed class PlatePhotoReader
{
    private readonly VehiclePlateFinder _finder;
    private readonly IPlateReader _reader;
    private readonly PlateTextRules _rules;
    private readonly IReadOnlyList<ModelIdentity> _models;

    public PlatePhotoReader(VehiclePlateFinder finder, IPlateReader reader, PlateTextRules rules = PlateTextRules.Vietnamese)
    {
        _finder = finder;
        _reader = reader;
        _rules = rules;
        _models = [.. finder.Models, reader.Model];
    }

    /// <summary>Runs the finder's vehicle detector on the photo first.</summary>
    public IReadOnlyList<PhotoPlateRead> Read(Mat photo) => ReadFound(_finder.Find(photo));

    /// <summary>Reads the plates of the vehicles among already computed detections.</summary>
    public IReadOnlyList<PhotoPlateRead> Read(Mat photo, DetectionResult detections) => ReadFound(_finder.Find(photo, detections));

    private List<PhotoPlateRead> ReadFound(IReadOnlyList<VehiclePlate> plates)
    {
        try
        {
            if (plates.Count == 0)
            {
                return [];
            }

            var reads = _reader.Read([.. plates.Select(plate => plate.PlateCrop)]);
            var results = new List<PhotoPlateRead>();
            foreach (var group in plates.Select((plate, index) => (Plate: plate, Read: reads[index])).GroupBy(pair => pair.Plate.Vehicle))
            {
                var best = group
                    .Select(pair => (pair.Plate, pair.Read, Text: Check(pair.Read, pair.Plate)))
                    .OrderByDescending(option => option.Text.IsValid)
                    .ThenByDescending(option => option.Read.Confidence * option.Plate.Score)
                    .First();
                results.Add(new PhotoPlateRead(
                    best.Plate.Box, best.Plate.Vehicle, best.Plate.VehicleClass, best.Text, best.Read.Confidence, best.Plate.Layout, _models));
            }

            return results;
        }
        finally
        {
            foreach (var plate in plates)
            {
                plate.Dispose();
            }
        }
    }

    private PlateText Check(PlateRead read, VehiclePlate plate) => _rules == PlateTextRules.Vietnamese
        ? VietnamesePlateGrammar.Correct(read, GrammarLayout.For(plate.VehicleClass, plate.Layout))
        : VietnamesePlateGrammar.Generic(read.Characters, plate.Layout);
}
