using OpenCvSharp;
using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Reads plate crops: a first reader (fast-plate-ocr), the plate grammar applied once with the layout the caller knows
/// (<see cref="GrammarLayout.For"/>, from the vehicle's class), and a second reader (PP-OCR) asked only when the first
/// read is invalid or unsure. The two readers' confidences are not comparable (neither is calibrated), so the second
/// never wins by confidence: where both read the same number of characters, the second replaces only the first's unsure
/// characters, and the result counts when the grammar accepts it; a read of another length replaces an invalid first
/// read only when it is valid, at most one character longer or shorter, and of a form that fits the plate's layout (a
/// two-line crop is never given a one-line car plate). An unsure first read the second reader contradicts (and no
/// merge of the two makes valid) is kept as read but marked invalid: one unsure reader's word does not make a plate
/// valid. The readers stay owned by the caller.
/// </summary>
public sealed class PlateCropReader
{
    private readonly IPlateReader _first;
    private readonly IPlateReader? _second;
    private readonly PlateCropReaderOptions _options;
    private readonly PlateGrammar _grammar;

    public PlateCropReader(IPlateReader first, IPlateReader? second, PlateCropReaderOptions? options = null)
    {
        _first = first ?? throw new ArgumentNullException(nameof(first));
        _second = second;
        _options = options ?? new PlateCropReaderOptions();
        _grammar = new PlateGrammar(_options.Grammar, _options.MinimumConfidence);
        Models = second is null ? first.Models : [.. first.Models, second.Model];
    }

    /// <summary>The grammar every read is checked with.</summary>
    public PlateGrammar Grammar => _grammar;

    /// <summary>The readers' models, first reader first.</summary>
    public IReadOnlyList<ModelIdentity> Models { get; }

    /// <summary>Reads one crop of a plate whose vehicle is unknown (the layout is worked out from the crop and the reads).</summary>
    public PlateCropResult Read(Mat plateCrop) => Read([plateCrop])[0];

    /// <summary>Reads one crop; <paramref name="layout"/> is the layout the grammar assumes (null: unknown).</summary>
    public PlateCropResult Read(Mat plateCrop, PlateLayout? layout) => Read([plateCrop], [layout])[0];

    /// <summary>
    /// One result per crop, in order: one batch for the first reader, one for the crops that need a second opinion.
    /// <paramref name="layouts"/>: per crop, the layout the grammar assumes (from the vehicle's class and the
    /// locator, <see cref="GrammarLayout.For"/>), or null when unknown. Unknown, a crop as wide as a one-line plate is
    /// one; a squarer crop is a motorbike plate unless the second reader finds only the area code and series letter
    /// on its top line (a square car plate, <c>30G</c> over <c>705.16</c>).
    /// <paramref name="plateOf"/>: per crop, which plate it shows, when several crops cut the same plate at different
    /// margins. The second reader then reads one crop per plate, the one the first reader read best, and none when the
    /// first reader is already sure of one of them: the second reader costs several times the first, and a photo's
    /// plates are cut at six margins each. Its read is weighed against every unsure crop of that plate.
    /// </summary>
    public IReadOnlyList<PlateCropResult> Read(IReadOnlyList<Mat> plateCrops, IReadOnlyList<PlateLayout?>? layouts = null, IReadOnlyList<int>? plateOf = null)
    {
        ArgumentNullException.ThrowIfNull(plateCrops);
        if (layouts is not null && layouts.Count != plateCrops.Count)
        {
            throw new ArgumentException($"{layouts.Count} layouts for {plateCrops.Count} crops.", nameof(layouts));
        }

        if (plateOf is not null && plateOf.Count != plateCrops.Count)
        {
            throw new ArgumentException($"{plateOf.Count} plate indices for {plateCrops.Count} crops.", nameof(plateOf));
        }

        var count = plateCrops.Count;
        var physical = plateCrops.Select(PhysicalLayoutOf).ToArray();
        var assumed = Enumerable.Range(0, count).Select(i => layouts?[i] ?? physical[i]).ToArray();
        var firstReads = _first.Read(plateCrops);
        var firsts = firstReads.Select((read, i) => _grammar.Check(read, assumed[i])).ToArray();
        var wantsLineSplit = Enumerable.Range(0, count).Select(i => layouts?[i] is null && IsCarOrMotorbikeAmbiguity(firsts[i], physical[i])).ToArray();
        var unsure = Enumerable.Range(0, count)
            .Where(i => wantsLineSplit[i] || !firsts[i].IsValid || firsts[i].Confidence < _options.SecondOpinionBelowConfidence)
            .ToArray();
        var asked = plateOf is null ? unsure : OnePerUnsurePlate(unsure, plateOf, firsts);
        var secondReads = new PlateRead?[count];
        if (_second is not null && asked.Length > 0)
        {
            var reads = _second.Read([.. asked.Select(i => plateCrops[i])]);
            for (var k = 0; k < asked.Length; k++)
            {
                secondReads[asked[k]] = reads[k];
            }

            if (plateOf is not null)
            {
                // The second reader read one crop of a plate; its read is the plate's: every other unsure crop of it is
                // weighed against it too. Left unchecked, the five other margins of a contradicted plate stayed valid as
                // first read, and one of them won the photo's plate (the veto, a merge, a square car plate lost).
                var opinionOf = asked.Where(i => secondReads[i] is not null).ToDictionary(i => plateOf[i], i => secondReads[i]!);
                foreach (var i in unsure)
                {
                    if (secondReads[i] is null && opinionOf.TryGetValue(plateOf[i], out var opinion))
                    {
                        secondReads[i] = opinion;
                    }
                }
            }
        }

        var results = new PlateCropResult[count];
        for (var i = 0; i < count; i++)
        {
            if (wantsLineSplit[i] && secondReads[i]?.LineLengths is [var topLine, _] && topLine == SquareCarPlateTopLine)
            {
                // A square car plate: car text on two lines.
                assumed[i] = PlateLayout.OneLine;
                firsts[i] = _grammar.Check(firstReads[i], PlateLayout.OneLine);
            }

            results[i] = Choose(firstReads[i], firsts[i], secondReads[i], assumed[i], PlateColourClassifier.Classify(plateCrops[i]));
        }

        return results;
    }

    /// <summary>Of each plate's unsure crops, the best first read; no crop of a plate one of whose crops the first reader is sure of.</summary>
    private static int[] OnePerUnsurePlate(int[] unsure, IReadOnlyList<int> plateOf, PlateText[] firsts)
    {
        var unsureSet = unsure.ToHashSet();
        var surePlates = Enumerable.Range(0, plateOf.Count).Where(i => !unsureSet.Contains(i)).Select(i => plateOf[i]).ToHashSet();
        return [.. unsure
            .Where(i => !surePlates.Contains(plateOf[i]))
            .GroupBy(i => plateOf[i])
            .Select(plate => plate.OrderByDescending(i => firsts[i].IsValid).ThenByDescending(i => firsts[i].Confidence).First())
            .Order()];
    }

    // A square car plate's top line holds the area code and one series letter ("30G").
    private const int SquareCarPlateTopLine = 3;

    /// <summary>An 8-character Vietnamese read on a two-line crop is a 5-digit car plate or a 4-digit motorbike plate.</summary>
    private bool IsCarOrMotorbikeAmbiguity(PlateText first, PlateLayout physical) =>
        _grammar.Mode == PlateGrammarMode.Vietnamese && physical == PlateLayout.TwoLine && first.Normalized.Length == 8
        && char.IsAsciiDigit(first.Normalized[3]);

    private PlateCropResult Choose(PlateRead firstRead, PlateText firstText, PlateRead? secondRead, PlateLayout layout, PlateColour colour)
    {
        var first = new PlateAlternative(firstText, firstRead.Confidence, firstRead.Model);
        if (secondRead is null)
        {
            return new PlateCropResult(firstText, first.Confidence, colour, [first.Model], [first]);
        }

        var secondText = _grammar.Check(secondRead, layout);
        var second = new PlateAlternative(secondText, secondRead.Confidence, secondRead.Model);
        IReadOnlyList<PlateAlternative> alternatives = [first, second];
        var bothModels = new[] { first.Model, second.Model };
        if (firstText.IsValid && firstText.Confidence >= _options.SecondOpinionBelowConfidence)
        {
            // Asked only for the line split.
            return new PlateCropResult(firstText, first.Confidence, colour, [first.Model], alternatives);
        }

        if (firstText.Normalized == secondText.Normalized && firstText.Normalized.Length > 0)
        {
            var agreed = _grammar.Check(Agreed(firstText.Normalized, firstRead, secondRead), layout);
            return new PlateCropResult(agreed, agreed.Confidence, colour, bothModels, alternatives);
        }

        if (Merge(firstRead, secondRead) is { } merged && _grammar.Check(merged, layout) is { IsValid: true } mergedText)
        {
            return new PlateCropResult(mergedText, mergedText.Confidence, colour, bothModels, alternatives);
        }

        if (!firstText.IsValid && secondText.IsValid && Math.Abs(secondText.Normalized.Length - firstText.Normalized.Length) <= 1
            && FitsLayout(secondText, layout))
        {
            return new PlateCropResult(secondText, second.Confidence, colour, [second.Model], alternatives);
        }

        if (firstText.IsValid && secondText.Normalized.Length > 0)
        {
            // Unsure, and the second reader read another plate: kept as read, but not valid on one unsure reader's word.
            var contested = firstText with
            {
                IsValid = false,
                InvalidReason = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"weakest character read at {firstText.Confidence:F2}, and the second reader read {secondText.Normalized}"),
            };
            return new PlateCropResult(contested, first.Confidence, colour, bothModels, alternatives) { Contested = true };
        }

        return new PlateCropResult(firstText, first.Confidence, colour, [first.Model], alternatives);
    }

    /// <summary>
    /// Both readers came to the same plate (after the grammar's look-alike swaps): each character is as sure as the
    /// surer of the readers that read exactly it.
    /// </summary>
    private static PlateRead Agreed(string text, PlateRead first, PlateRead second)
    {
        if (first.CharacterConfidences.Count != text.Length || second.CharacterConfidences.Count != text.Length)
        {
            return first;
        }

        var confidences = new float[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var fromFirst = ConfidenceOf(first, i, text[i]);
            var fromSecond = ConfidenceOf(second, i, text[i]);
            confidences[i] = fromFirst is null && fromSecond is null
                ? MathF.Min(first.CharacterConfidences[i], second.CharacterConfidences[i])
                : MathF.Max(fromFirst ?? 0, fromSecond ?? 0);
        }

        return first with { Characters = text, CharacterConfidences = confidences };
    }

    private static float? ConfidenceOf(PlateRead read, int position, char character) =>
        position < read.Characters.Length && read.Characters[position] == character ? read.CharacterConfidences[position] : null;

    /// <summary>
    /// The first read with its unsure characters replaced by the second read's at the same positions (where the two
    /// read the same number of characters); null when they read different lengths or nothing would change.
    /// </summary>
    private PlateRead? Merge(PlateRead first, PlateRead second)
    {
        var length = first.Characters.Length;
        if (length == 0 || second.Characters.Length != length || first.CharacterConfidences.Count != length || second.CharacterConfidences.Count != length)
        {
            return null;
        }

        var characters = first.Characters.ToCharArray();
        var confidences = first.CharacterConfidences.ToArray();
        var changed = false;
        for (var i = 0; i < length; i++)
        {
            if (characters[i] == second.Characters[i])
            {
                confidences[i] = MathF.Max(confidences[i], second.CharacterConfidences[i]);
            }
            else if (confidences[i] < _options.SecondOpinionBelowConfidence && second.CharacterConfidences[i] >= _grammar.MinimumConfidence)
            {
                characters[i] = second.Characters[i];
                confidences[i] = second.CharacterConfidences[i];
                changed = true;
            }
        }

        return changed ? first with { Characters = new string(characters), CharacterConfidences = confidences } : null;
    }

    /// <summary>A read of a Vietnamese form fits a layout when the form is written that way; generic reads fit any.</summary>
    private static bool FitsLayout(PlateText text, PlateLayout layout) => text.Kind switch
    {
        VietnamesePlateKind.Motorbike => layout == PlateLayout.TwoLine,
        VietnamesePlateKind.Car => layout == PlateLayout.OneLine,
        _ => true,
    };

    private PlateLayout PhysicalLayoutOf(Mat crop) =>
        (float)crop.Height / Math.Max(1, crop.Width) > _options.TwoLineAspect ? PlateLayout.TwoLine : PlateLayout.OneLine;
}
