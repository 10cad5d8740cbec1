using Vision.Domain.Plates;

namespace Vision.Pipeline.Plates.Evaluation;

/// <summary>
/// How a reader did on a labelled set. <see cref="Exact"/>: plates read exactly (normalised), valid or not;
/// <see cref="ExactAndValid"/>: read exactly and marked valid (what a reviewer would be shown as read);
/// <see cref="CharacterAccuracy"/>: mean of 1 − edit distance / label length over the plates (floored at 0);
/// <see cref="Valid"/>: plates whose read was marked valid; <see cref="ValidButWrong"/>: valid reads that are not the
/// label (for photos: valid reads matching no label of their photo), the errors a reviewer might trust;
/// <see cref="PlatesPerSecond"/>: labelled plates over the time spent finding and reading (decoding excluded).
/// </summary>
public sealed record PlateEvaluationReport(
    int Plates,
    int Exact,
    int ExactAndValid,
    double CharacterAccuracy,
    int Valid,
    int ValidButWrong,
    double PlatesPerSecond,
    IReadOnlyList<CharacterConfusion> Confusions,
    IReadOnlyList<PlateEvaluationMiss> Misses)
{
    public double ExactRate => Plates == 0 ? 0 : (double)Exact / Plates;

    public double ExactAndValidRate => Plates == 0 ? 0 : (double)ExactAndValid / Plates;

    public double ValidRate => Plates == 0 ? 0 : (double)Valid / Plates;
}

/// <summary>A plate not read exactly and valid: the image, the label and what was read (null: nothing found).</summary>
public sealed record PlateEvaluationMiss(string ImagePath, string Label, PlateText? Read);
