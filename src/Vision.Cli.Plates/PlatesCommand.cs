using System.Globalization;
using OpenCvSharp;
using Vision.Domain.Plates;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Evaluation;
using Vision.Pipeline.Plates.Localization;

namespace Vision.Cli.Plates;

/// <summary>
/// <c>vision plates read</c> and <c>vision plates evaluate</c>: plate reading on this machine with the service's models
/// and rules (crop reader, grammar, second opinion), without a running service. Takes the arguments after <c>plates</c>.
/// </summary>
public static class PlatesCommand
{
    public const string Usage = """
        usage: vision plates read FILE... [--grammar vietnamese|generic] [--camera-crops | --photos] [--second-opinion on|off]
                                  [--reader-model FILE] [--models DIR]
               vision plates evaluate --images DIR --labels FILE.tsv [--grammar vietnamese|generic] [--camera-crops | --photos]
                                      [--second-opinion on|off] [--min-confidence 0.5] [--misses] [--reader-model FILE]
                                      [--small-plate-views 1-5]
                                      [--shrink-to 16,20,24,28 [--street-camera]] [--plate-format-labels] [--models DIR]
        FILEs and labelled images are plate crops unless --camera-crops (vehicle crops: the plate is located first) or
        --photos (whole photos: vehicles detected, plates found and read as photo triage does). Labels: one plate a line,
        file<TAB>text, or file<TAB>text<TAB>x<TAB>y<TAB>w<TAB>h to cut the crop from a photo around the plate's box.
        --reader-model: the plate-text model (fast-plate-ocr contract) for every crop instead of the grammar's default, the
        service's Vision:Plates:ReaderModels (for the Vietnamese grammar the project's trained readers:
        vision_vn_small_plates_v2.onnx for crops up to 36 px high, vision_vn_plates_v3.onnx above; for the generic one
        fast_plate_ocr_cct_xs_v1_global.onnx). --small-plate-views: how many views of a crop up to 36 px high the small-plate
        reader pools (the service's Vision:Plates:ReaderModels:SmallPlateViews, 5; 1 reads the crop alone).
        --shrink-to: also evaluate each plate crop shrunk to these heights (pixels) and read that small, as a street camera
        15-30 m away records plates; prints one line per height (and its misses with --misses). --street-camera: also one
        line per height with a street camera's effects on the shrunk crop (seen from above, motion blur, noise, JPEG
        quality 50), the same for each crop in every run. --plate-format-labels: only the labels that are valid
        plates of the grammar (leaves out foreign plates and malformed labels of a Vietnamese set).
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = Options.Parse(args);
        if (args.Length < 1 || args[0] is not ("read" or "evaluate") || options.Problem is not null)
        {
            error.WriteLine(options.Problem ?? Usage);
            if (options.Problem is not null)
            {
                error.WriteLine(Usage);
            }

            return 2;
        }

        using var models = new Models(options);
        return args[0] == "read"
            ? Read(options, models, output, error)
            : Evaluate(options, models, output, error, cancellationToken);
    }

    private static int Read(Options options, Models models, TextWriter output, TextWriter error)
    {
        if (options.Files.Count == 0)
        {
            error.WriteLine("vision plates read: name at least one image file.");
            return 2;
        }

        var failed = false;
        foreach (var file in options.Files)
        {
            using var image = Cv2.ImRead(file, ImreadModes.Color);
            if (image.Empty())
            {
                error.WriteLine($"{file}: missing or not an image");
                failed = true;
                continue;
            }

            switch (options.Mode)
            {
                case PlateEvaluationMode.Photos:
                    var reads = models.ReadPhoto(image);
                    output.WriteLine($"{file}: {reads.Count} plate(s)");
                    foreach (var read in reads)
                    {
                        output.WriteLine($"  {Describe(read.Text, read.Alternatives, read.Colour)}  on {read.VehicleClass ?? "no vehicle"} at " +
                            string.Create(CultureInfo.InvariantCulture, $"[{read.Box.Left:F0}, {read.Box.Top:F0}, {read.Box.Right:F0}, {read.Box.Bottom:F0}]"));
                    }

                    break;
                case PlateEvaluationMode.CameraCrops:
                    var candidates = models.Locator!.Locate(image);
                    if (candidates.Count == 0)
                    {
                        output.WriteLine($"{file}: no plate found");
                        break;
                    }

                    using (var crop = PlateRectifier.Rectify(image, candidates[0], models.Locator.ReadingMargin.Horizontal, models.Locator.ReadingMargin.Vertical))
                    {
                        var located = models.CropReader.Read(crop, GrammarLayout.For(null, candidates[0].Layout));
                        output.WriteLine($"{file}: {Describe(located.Text, located.Alternatives, located.Colour)}");
                    }

                    break;
                default:
                    var result = models.CropReader.Read(image);
                    output.WriteLine($"{file}: {Describe(result.Text, result.Alternatives, result.Colour)}");
                    break;
            }
        }

        return failed ? 1 : 0;
    }

    private static int Evaluate(Options options, Models models, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (options.Images is null || options.Labels is null)
        {
            error.WriteLine("vision plates evaluate: --images DIR and --labels FILE.tsv are required.");
            return 2;
        }

        var plates = LabelledPlate.ReadFile(options.Labels, options.Images);
        if (options.PlateFormatLabelsOnly)
        {
            plates = [.. plates.Where(plate => options.Grammar == PlateGrammarMode.Vietnamese
                ? VietnamesePlateGrammar.Parse(plate.Label).IsValid
                : VietnamesePlateGrammar.Generic(plate.Label).IsValid)];
        }
        var evaluation = new PlateEvaluation(models.CropReader, models.Locator, options.Mode == PlateEvaluationMode.Photos ? models.ReadPhoto : null);
        var report = evaluation.Run(plates, options.Mode, cancellationToken);
        var grammar = models.CropReader.Grammar;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{plates.Count} plates, {options.Mode}, {grammar.Mode} grammar (valid from {grammar.MinimumConfidence:F2}), second opinion {(options.SecondOpinion ? "on" : "off")}, reader {models.ReaderName}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact            {report.ExactRate * 100,6:F1} %  ({report.Exact})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact and valid  {report.ExactAndValidRate * 100,6:F1} %  ({report.ExactAndValid})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"character        {report.CharacterAccuracy * 100,6:F1} %"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"valid            {report.ValidRate * 100,6:F1} %  ({report.Valid}; {report.ValidButWrong} valid but wrong)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plates/s         {report.PlatesPerSecond,6:F1}"));
        output.WriteLine($"worst confusions {string.Join(", ", report.Confusions.Take(10))}");
        if (options.ShowMisses)
        {
            WriteMisses(report, output);
        }

        if (options.ShrinkHeights.Count > 0)
        {
            output.WriteLine("shrunk to  exact  exact+valid  character  valid but wrong  worst confusions" + (options.StreetCamera ? "   (* with a street camera's effects)" : string.Empty));
            bool[] streetCameraRuns = options.StreetCamera ? [false, true] : [false];
            foreach (var height in options.ShrinkHeights)
            {
                foreach (var streetCamera in streetCameraRuns)
                {
                    var shrunk = evaluation.Run(plates, options.Mode, height, streetCamera, cancellationToken);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{height,6} px{(streetCamera ? "*" : " ")}{shrunk.ExactRate * 100,6:F1} % {shrunk.ExactAndValidRate * 100,8:F1} % {shrunk.CharacterAccuracy * 100,8:F1} % {shrunk.ValidButWrong,10}       {string.Join(", ", shrunk.Confusions.Take(6))}"));
                    if (options.ShowMisses)
                    {
                        WriteMisses(shrunk, output);
                    }
                }
            }
        }

        return 0;
    }

    private static void WriteMisses(PlateEvaluationReport report, TextWriter output)
    {
        foreach (var miss in report.Misses)
        {
            output.WriteLine($"  {Path.GetFileName(miss.ImagePath)}: expected {PlateCharacters.Normalize(miss.Label)}, read {miss.Read?.ToString() ?? "nothing"}{Confidences(miss.Read)}");
        }
    }

    private static string Describe(PlateText text, IReadOnlyList<PlateAlternative> alternatives, PlateColour colour)
    {
        var verdict = text.IsValid ? $"{text.Formatted}  valid" : $"{text.Normalized}  invalid ({text.InvalidReason})";
        var others = string.Join("; ", alternatives.Select(alternative =>
            string.Create(CultureInfo.InvariantCulture, $"{alternative.Model.Name} {alternative.Text.Normalized} {alternative.Confidence:F2}")));
        return $"{verdict}  {text.Layout} {colour}{Confidences(text)}" + (others.Length == 0 ? string.Empty : $"  readers: {others}");
    }

    private static string Confidences(PlateText? text) => text?.CharacterConfidences is { Count: > 0 } confidences
        ? "  [" + string.Join(' ', text.Normalized.Zip(confidences, (character, confidence) =>
            string.Create(CultureInfo.InvariantCulture, $"{character}:{confidence:F2}"))) + "]"
        : string.Empty;

    /// <summary>The models the chosen mode needs, loaded once.</summary>
    private sealed class Models : IDisposable
    {
        private readonly ModelSessions _sessions;
        private readonly PlateReaderSet _readers;
        private readonly PaddleTextRecognizer? _second;
        private readonly TextRegionDetector? _textDetector;
        private readonly DetectorSet? _detectors;
        private readonly PlatePhotoReader? _photos;

        public Models(Options options)
        {
            var directory = ModelDirectory.Resolve(options.ModelDirectory);
            var inference = new InferenceOptions();
            // The service's readers (for Vietnamese plates, the small-plate model up to its height), or the one asked for.
            var readerModels = options.ReaderModel is { } model
                ? new PlateReaderModels { Vietnamese = model, Generic = model, SmallPlateMaxHeight = 0 }
                : new PlateReaderModels { SmallPlateViews = options.SmallPlateViews ?? new PlateReaderModels().SmallPlateViews };
            _sessions = new ModelSessions(directory, new InferenceSettings());
            _readers = PlateReaderSet.Load(readerModels, file => _sessions.Get(file));
            var first = options.Grammar == PlateGrammarMode.Vietnamese ? _readers.Vietnamese : _readers.Generic;
            ReaderName = first.Models is [var only] ? $"{only.Name}.onnx"
                : $"{first.Models[0].Name}.onnx, up to {readerModels.SmallPlateMaxHeight} px {first.Models[1].Name}.onnx"
                    + (readerModels.SmallPlateViews > 1 ? $" in {readerModels.SmallPlateViews} views" : string.Empty);
            _second = options.SecondOpinion
                ? new PaddleTextRecognizer(Path.Combine(directory, "ppocr", "ch_PP-OCRv4_rec_infer.onnx"), Path.Combine(directory, "ppocr", "ppocr_keys_v1.txt"), inference)
                : null;
            CropReader = new PlateCropReader(first, _second, new PlateCropReaderOptions { Grammar = options.Grammar, MinimumConfidence = options.MinimumConfidence });
            if (options.Mode != PlateEvaluationMode.PlateCrops)
            {
                _textDetector = new TextRegionDetector(new TextRegionDetectorOptions { Inference = inference }, directory);
                Locator = new TextPlateLocator(_textDetector);
            }

            if (options.Mode == PlateEvaluationMode.Photos)
            {
                // The detectors and profile of photo triage.
                _detectors = new DetectorSet(
                    new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx" }, directory),
                    new ObjectDetector(new DetectorOptions { ModelPath = "yolox_nano_coco_dynamic.onnx", InputSize = 960 }, directory));
                _photos = new PlatePhotoReader(new VehiclePlateFinder(Locator!, null), CropReader);
            }
        }

        public PlateCropReader CropReader { get; }

        public string ReaderName { get; }

        public TextPlateLocator? Locator { get; }

        public IReadOnlyList<PhotoPlateRead> ReadPhoto(Mat photo)
        {
            var detections = _detectors!.Detect(photo, DetectionProfile.HighResolution);
            var merged = detections.Runs[0] with { Detections = [.. detections.Objects.Select(found => found.Detection)] };
            return _photos!.Read(photo, merged);
        }

        public void Dispose()
        {
            _readers.Dispose();
            _sessions.Dispose();
            _second?.Dispose();
            _textDetector?.Dispose();
            _detectors?.Dispose();
        }
    }

    private sealed record Options(
        List<string> Files,
        string? Images,
        string? Labels,
        PlateGrammarMode Grammar,
        PlateEvaluationMode Mode,
        bool SecondOpinion,
        float MinimumConfidence,
        bool ShowMisses,
        string? ModelDirectory,
        string? ReaderModel,
        int? SmallPlateViews,
        IReadOnlyList<int> ShrinkHeights,
        bool StreetCamera,
        bool PlateFormatLabelsOnly,
        string? Problem)
    {
        public static Options Parse(string[] args)
        {
            var files = new List<string>();
            string? images = null, labels = null, models = null, problem = null, grammarName = null, secondOpinion = null, readerModel = null;
            var shrinkHeights = new List<int>();
            var mode = PlateEvaluationMode.PlateCrops;
            var minimum = PlateGrammar.DefaultMinimumConfidence;
            var misses = false;
            var plateFormatLabels = false;
            var streetCamera = false;
            int? smallPlateViews = null;
            for (var i = 1; i < args.Length; i++)
            {
                string? Value() => i + 1 < args.Length ? args[++i] : null;
                switch (args[i])
                {
                    case "--images": images = Value(); break;
                    case "--labels": labels = Value(); break;
                    case "--models": models = Value(); break;
                    case "--reader-model": readerModel = Value(); break;
                    case "--shrink-to":
                        foreach (var part in (Value() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var height) && height is >= 4 and <= 1000)
                            {
                                shrinkHeights.Add(height);
                            }
                            else
                            {
                                problem = $"--shrink-to takes heights in pixels (4 to 1000) separated by commas, not '{part}'.";
                            }
                        }

                        problem ??= shrinkHeights.Count == 0 ? "--shrink-to takes heights in pixels separated by commas, e.g. 16,20,24,28." : null;
                        break;
                    case "--grammar": grammarName = Value(); break;
                    case "--second-opinion": secondOpinion = Value(); break;
                    case "--camera-crops": mode = PlateEvaluationMode.CameraCrops; break;
                    case "--photos": mode = PlateEvaluationMode.Photos; break;
                    case "--misses": misses = true; break;
                    case "--plate-format-labels": plateFormatLabels = true; break;
                    case "--street-camera": streetCamera = true; break;
                    case "--small-plate-views":
                        if (int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var views) && views is >= 1 and <= MultiViewPlateReader.MaxViews)
                        {
                            smallPlateViews = views;
                        }
                        else
                        {
                            problem = $"--small-plate-views takes a number from 1 to {MultiViewPlateReader.MaxViews}.";
                        }

                        break;
                    case "--min-confidence":
                        if (!float.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out minimum) || minimum is < 0 or > 1)
                        {
                            problem = "--min-confidence takes a number from 0 to 1.";
                        }

                        break;
                    case var option when option.StartsWith("--", StringComparison.Ordinal):
                        problem = $"Unknown option '{option}'.";
                        break;
                    default: files.Add(args[i]); break;
                }
            }

            var grammar = grammarName?.ToLowerInvariant() switch
            {
                null or "vietnamese" => PlateGrammarMode.Vietnamese,
                "generic" => PlateGrammarMode.Generic,
                _ => (PlateGrammarMode?)null,
            };
            problem ??= grammar is null ? $"Unknown grammar '{grammarName}'; use vietnamese or generic." : null;
            // As the service: the second opinion for Vietnamese reads only, unless asked otherwise.
            var useSecond = secondOpinion?.ToLowerInvariant() switch
            {
                null => grammar == PlateGrammarMode.Vietnamese,
                "on" => true,
                "off" => false,
                _ => (bool?)null,
            };
            problem ??= useSecond is null ? $"--second-opinion takes on or off, not '{secondOpinion}'." : null;
            problem ??= shrinkHeights.Count > 0 && mode != PlateEvaluationMode.PlateCrops ? "--shrink-to shrinks plate crops; it does not apply to --camera-crops or --photos." : null;
            problem ??= streetCamera && shrinkHeights.Count == 0 ? "--street-camera applies a street camera's effects to shrunk crops; give --shrink-to too." : null;
            return new Options(files, images, labels, grammar ?? PlateGrammarMode.Vietnamese, mode, useSecond ?? false, minimum, misses, models, readerModel, smallPlateViews, shrinkHeights, streetCamera, plateFormatLabels, problem);
        }
    }
}
