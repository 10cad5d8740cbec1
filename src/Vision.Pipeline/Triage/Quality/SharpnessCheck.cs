namespace Vision.Pipeline.Triage.Quality;

/// <summary>Blur: the variance of the Laplacian on the normalised grey copy falls as edges soften.</summary>
public static class SharpnessCheck
{
    public const double BlurredEffect = -0.25;

    public static TriageReason Evaluate(PhotoQuality quality, double minLaplacianVariance) =>
        quality.LaplacianVariance < minLaplacianVariance
            ? new TriageReason(TriageReasonCodes.Blurred,
                FormattableString.Invariant($"The photo is blurred (sharpness {quality.LaplacianVariance:F0}, needs {minLaplacianVariance:F0}); details such as plates may be unreadable."),
                BlurredEffect)
            : new TriageReason(TriageReasonCodes.Sharp,
                FormattableString.Invariant($"The photo is sharp (sharpness {quality.LaplacianVariance:F0})."), 0);
}
