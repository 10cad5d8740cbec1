using OpenCvSharp;

namespace Vision.Pipeline.Plates;

/// <summary>
/// Reads plate crops with a first reader (fast-plate-ocr) checked by a plate grammar (with look-alike correction), and
/// asks a second reader (PP-OCR) only when the first read is invalid or unsure. The rule: a valid read beats an invalid
/// one; when both are valid and agree, the text is kept with both models; when both are valid and disagree, the more
/// confident read wins; when neither is valid, the first read is returned, marked invalid. The readers stay owned by
/// the caller.
/// </summary>
public sealed class PlateCropReader
{
    private readonly IPlateReader _first;
    private readonly IPlateReader? _second;
    private readonly PlateCropReaderOptions _options;

    public PlateCropReader(IPlateReader first, IPlateReader? second, PlateCropReaderOptions? options = null)
    {
        _first = first ?? throw new ArgumentNullException(nameof(first));
        _second = second;
        _options = options ?? new PlateCropReaderOptions();
    }

    public PlateCropResult Read(Mat plateCrop) => Read([plateCrop])[0];

    /// <summary>One result per crop, in order: one batch for the first reader, one for the crops that need a second opinion.</summary>
    public IReadOnlyList<PlateCropResult> Read(IReadOnlyList<Mat> plateCrops)
    {
        ArgumentNullException.ThrowIfNull(plateCrops);
        var layouts = plateCrops.Select(LayoutOf).ToArray();
        var firstReads = _first.Read(plateCrops);
        var firsts = firstReads.Select((read, i) => Check(read, layouts[i])).ToArray();
        var uncertain = Enumerable.Range(0, plateCrops.Count)
            .Where(i => !firsts[i].Text.IsValid || firsts[i].Confidence < _options.SecondOpinionBelowConfidence)
            .ToArray();
        var seconds = new PlateAlternative?[plateCrops.Count];
        if (_second is not null && uncertain.Length > 0)
        {
            var secondReads = _second.Read([.. uncertain.Select(i => plateCrops[i])]);
            for (var k = 0; k < uncertain.Length; k++)
            {
                seconds[uncertain[k]] = Check(secondReads[k], layouts[uncertain[k]]);
            }
        }

        return [.. plateCrops.Select((crop, i) => Choose(firsts[i], seconds[i], PlateColourClassifier.Classify(crop)))];
    }

    private static PlateCropResult Choose(PlateAlternative first, PlateAlternative? second, PlateColour colour)
    {
        if (second is null)
        {
            return new PlateCropResult(first.Text, first.Confidence, colour, [first.Model], [first]);
        }

        IReadOnlyList<PlateAlternative> alternatives = [first, second];
        if (first.Text.IsValid && second.Text.IsValid && first.Text.Normalized == second.Text.Normalized)
        {
            var text = first.Text.Corrections <= second.Text.Corrections ? first.Text : second.Text;
            return new PlateCropResult(text, Math.Max(first.Confidence, second.Confidence), colour, [first.Model, second.Model], alternatives);
        }

        var chosen = (first.Text.IsValid, second.Text.IsValid) switch
        {
            (true, false) => first,
            (false, true) => second,
            (true, true) => second.Confidence > first.Confidence ? second : first,
            _ => first,
        };
        return new PlateCropResult(chosen.Text, chosen.Confidence, colour, [chosen.Model], alternatives);
    }

    private PlateAlternative Check(PlateRead read, PlateLayout layout)
    {
        var text = _options.Grammar == PlateGrammarMode.Vietnamese
            ? VietnamesePlateGrammar.Correct(read, layout)
            : VietnamesePlateGrammar.Generic(read.Characters, layout);
        return new PlateAlternative(text, read.Confidence, read.Model);
    }

    private PlateLayout LayoutOf(Mat crop) =>
        (float)crop.Height / Math.Max(1, crop.Width) > _options.TwoLineAspect ? PlateLayout.TwoLine : PlateLayout.OneLine;
}
