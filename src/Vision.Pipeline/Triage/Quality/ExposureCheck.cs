namespace Vision.Pipeline.Triage.Quality;

/// <summary>Exposure from the grey histogram: too dark (low mean luma) or blown out (many near-white pixels).</summary>
public static class ExposureCheck
{
    public const double BadExposureEffect = -0.15;

    public static TriageReason Evaluate(PhotoQuality quality, double minMeanLuma, double maxBrightFraction)
    {
        if (quality.MeanLuma < minMeanLuma)
        {
            return new TriageReason(TriageReasonCodes.TooDark,
                FormattableString.Invariant($"The photo is too dark (mean brightness {quality.MeanLuma:F0} of 255, {quality.DarkFraction:P0} near black)."),
                BadExposureEffect);
        }

        if (quality.BrightFraction > maxBrightFraction)
        {
            return new TriageReason(TriageReasonCodes.Overexposed,
                FormattableString.Invariant($"The photo is blown out ({quality.BrightFraction:P0} of it near white)."), BadExposureEffect);
        }

        return new TriageReason(TriageReasonCodes.ExposureOk,
            FormattableString.Invariant($"The exposure is usable (mean brightness {quality.MeanLuma:F0} of 255)."), 0);
    }
}
