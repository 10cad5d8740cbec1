using System.Diagnostics;
using OpenCvSharp;
using Vision.Domain.Plates;
using Vision.Pipeline.Plates.Localization;

namespace Vision.Pipeline.Plates.Evaluation;

/// <summary>
/// Measures plate reading on a labelled set (<see cref="LabelledPlate.ReadFile"/>) the way the service reads: plate
/// crops through the crop reader, vehicle crops through the locator and the crop reader (the camera path), whole
/// photos through <see cref="PlatePhotoReader"/> (the triage path). A plate counts as exact when its read equals the
/// label, normalised, and as exact and valid when that read is also marked valid (<see cref="PlateEvaluationReport"/>);
/// for photos, a label is matched with the closest read of its photo.
/// </summary>
public sealed class PlateEvaluation
{
    private const int BatchSize = 32;

    private readonly PlateCropReader _reader;
    private readonly IPlateLocator? _locator;
    private readonly Func<Mat, IReadOnlyList<PhotoPlateRead>>? _photos;

    /// <param name="reader">Reads plate crops (and the located plates of vehicle crops).</param>
    /// <param name="locator">Locates plates in vehicle crops; needed for <see cref="PlateEvaluationMode.CameraCrops"/>.</param>
    /// <param name="photos">Finds and reads the plates of a photo (triage's <see cref="PlatePhotoReader"/> on its detections); needed for <see cref="PlateEvaluationMode.Photos"/>.</param>
    public PlateEvaluation(PlateCropReader reader, IPlateLocator? locator = null, Func<Mat, IReadOnlyList<PhotoPlateRead>>? photos = null)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _locator = locator;
        _photos = photos;
    }

    public PlateEvaluationReport Run(IReadOnlyList<LabelledPlate> plates, PlateEvaluationMode mode, CancellationToken cancellationToken = default) =>
        Run(plates, mode, null, streetCamera: false, cancellationToken);

    /// <param name="shrinkToHeight">
    /// Plate crops only: each crop is first shrunk to this height (pixels, aspect kept) and read that small, as
    /// a street camera 15–30 m away records a plate that a closer one records sharp (<see cref="CameraDistance"/>).
    /// </param>
    /// <param name="streetCamera">
    /// With <paramref name="shrinkToHeight"/>: the shrunk crop also gets a street camera's effects (seen from above,
    /// motion blur, noise, compression; <see cref="StreetCameraRecording"/>), the same for a crop in every run.
    /// </param>
    public PlateEvaluationReport Run(IReadOnlyList<LabelledPlate> plates, PlateEvaluationMode mode, int? shrinkToHeight, bool streetCamera, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plates);
        if (shrinkToHeight is not null && mode != PlateEvaluationMode.PlateCrops)
        {
            throw new ArgumentException("Only plate crops can be shrunk.", nameof(shrinkToHeight));
        }

        if (streetCamera && shrinkToHeight is null)
        {
            throw new ArgumentException("A street camera's effects apply to shrunk crops.", nameof(streetCamera));
        }

        var tally = new Tally();
        var reading = new Stopwatch();
        if (mode == PlateEvaluationMode.Photos)
        {
            var photos = _photos ?? throw new InvalidOperationException("Evaluating photos needs a photo reader.");
            foreach (var photo in plates.GroupBy(plate => plate.ImagePath))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var image = Load(photo.Key);
                reading.Start();
                var reads = photos(image);
                reading.Stop();
                tally.AddPhoto(photo.Key, [.. photo.Select(plate => plate.Label)], [.. reads.Select(read => read.Text)]);
            }
        }
        else
        {
            for (var offset = 0; offset < plates.Count; offset += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = plates.Skip(offset).Take(BatchSize).ToList();
                var crops = batch.Select(plate => shrinkToHeight is { } height
                    ? CameraDistance.Shrink(CropOf(plate), height, streetCamera ? new Random(StreetCameraRecording.SeedOf(plate.ImagePath)) : null)
                    : CropOf(plate)).ToList();
                try
                {
                    reading.Start();
                    var reads = mode == PlateEvaluationMode.CameraCrops ? ReadVehicleCrops(crops) : [.. _reader.Read(crops).Select(result => (PlateText?)result.Text)];
                    reading.Stop();
                    for (var i = 0; i < batch.Count; i++)
                    {
                        tally.AddCrop(batch[i].ImagePath, batch[i].Label, reads[i]);
                    }
                }
                finally
                {
                    crops.ForEach(crop => crop.Dispose());
                }
            }
        }

        return tally.Report(plates.Count, reading.Elapsed);
    }

    private List<PlateText?> ReadVehicleCrops(List<Mat> vehicles)
    {
        var locator = _locator ?? throw new InvalidOperationException("Evaluating camera crops needs a plate locator.");
        var reads = new List<PlateText?>(vehicles.Count);
        foreach (var vehicle in vehicles)
        {
            var candidates = locator.Locate(vehicle);
            if (candidates.Count == 0)
            {
                reads.Add(null);
                continue;
            }

            using var crop = PlateRectifier.Rectify(vehicle, candidates[0], locator.ReadingMargin.Horizontal, locator.ReadingMargin.Vertical);
            reads.Add(_reader.Read(crop, GrammarLayout.For(null, candidates[0].Layout)).Text);
        }

        return reads;
    }

    private static Mat CropOf(LabelledPlate plate)
    {
        var image = Load(plate.ImagePath);
        if (plate.PlateBox is not { } box)
        {
            return image;
        }

        using (image)
        {
            return PlateCrop.Cut(image, box);
        }
    }

    private static Mat Load(string path)
    {
        var image = Cv2.ImRead(path, ImreadModes.Color);
        if (image.Empty())
        {
            image.Dispose();
            throw new InvalidDataException($"'{path}' is missing or not an image.");
        }

        return image;
    }

    /// <summary>Counts as plates are read.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<(char, char), int> _confusions = [];
        private readonly List<PlateEvaluationMiss> _misses = [];
        private int _exact;
        private int _exactAndValid;
        private int _valid;
        private int _validButWrong;
        private double _characterAccuracy;

        public void AddCrop(string image, string label, PlateText? read)
        {
            var expected = PlateCharacters.Normalize(label);
            var actual = read?.Normalized ?? string.Empty;
            Count(image, label, expected, read);
            if (read is { IsValid: true } && actual != expected)
            {
                _validButWrong++;
            }
        }

        /// <summary>Each label is matched with the closest read of its photo; valid reads matching no label are wrong.</summary>
        public void AddPhoto(string image, List<string> labels, List<PlateText> reads)
        {
            var expected = labels.Select(PlateCharacters.Normalize).ToHashSet(StringComparer.Ordinal);
            foreach (var label in labels)
            {
                var normalized = PlateCharacters.Normalize(label);
                var closest = reads
                    .OrderBy(read => read.Normalized == normalized && read.IsValid ? 0 : 1)
                    .ThenBy(read => PlateAccuracy.EditDistance(normalized, read.Normalized))
                    .ThenByDescending(read => read.IsValid)
                    .FirstOrDefault();
                Count(image, label, normalized, closest);
            }

            _validButWrong += reads.Count(read => read.IsValid && !expected.Contains(read.Normalized));
        }

        public PlateEvaluationReport Report(int plates, TimeSpan reading) => new(
            plates,
            _exact,
            _exactAndValid,
            plates == 0 ? 0 : _characterAccuracy / plates,
            _valid,
            _validButWrong,
            reading.TotalSeconds > 0 ? plates / reading.TotalSeconds : 0,
            [.. _confusions.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key).Select(pair => new CharacterConfusion(pair.Key.Item1, pair.Key.Item2, pair.Value))],
            _misses);

        private void Count(string image, string label, string expected, PlateText? read)
        {
            var actual = read?.Normalized ?? string.Empty;
            var valid = read?.IsValid == true;
            _valid += valid ? 1 : 0;
            _exact += actual == expected ? 1 : 0;
            if (valid && actual == expected)
            {
                _exactAndValid++;
            }
            else
            {
                _misses.Add(new PlateEvaluationMiss(image, label, read));
            }

            _characterAccuracy += expected.Length == 0
                ? (actual.Length == 0 ? 1 : 0)
                : Math.Max(0, 1 - (double)PlateAccuracy.EditDistance(expected, actual) / expected.Length);
            foreach (var pair in Alignment.Differences(expected, actual))
            {
                _confusions[pair] = _confusions.GetValueOrDefault(pair) + 1;
            }
        }
    }
}
