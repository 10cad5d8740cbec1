namespace Vision.Pipeline.Plates;

/// <summary>A plate reader's output for one crop: for each of <see cref="Slots"/> character slots, a probability per class.</summary>
internal sealed record SlotScores(float[] Values, int Slots, int Classes)
{
    // A probability of 0 would veto its class in every other output.
    private const double ProbabilityFloor = 1e-9;

    public ReadOnlySpan<float> Slot(int slot) => Values.AsSpan(slot * Classes, Classes);

    /// <summary>
    /// Several outputs of one model pooled as independent evidence: per slot, the geometric mean of each class's
    /// probabilities, normalised to sum to 1. Where the outputs agree a class stays as sure as they are; a class they
    /// disagree on is weighed down by the outputs that doubt it.
    /// </summary>
    public static SlotScores GeometricMean(IReadOnlyList<SlotScores> outputs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(outputs.Count);
        var first = outputs[0];
        var logSums = new double[first.Values.Length];
        foreach (var output in outputs)
        {
            for (var k = 0; k < logSums.Length; k++)
            {
                logSums[k] += Math.Log(Math.Max(ProbabilityFloor, output.Values[k]));
            }
        }

        var pooled = new float[logSums.Length];
        var geometricMeans = new double[first.Classes];
        for (var slot = 0; slot < first.Slots; slot++)
        {
            var row = slot * first.Classes;
            var total = 0.0;
            for (var c = 0; c < first.Classes; c++)
            {
                total += geometricMeans[c] = Math.Exp(logSums[row + c] / outputs.Count);
            }

            for (var c = 0; c < first.Classes; c++)
            {
                pooled[row + c] = (float)(geometricMeans[c] / total);
            }
        }

        return first with { Values = pooled };
    }
}
