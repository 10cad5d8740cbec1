namespace Vision.Pipeline.Triage.Quality;

/// <summary>Resolution: a photo whose short side is small shows too little detail to read plates or judge a scene.</summary>
public static class ResolutionCheck
{
    public const double LowResolutionEffect = -0.1;

    public static TriageReason Evaluate(PhotoQuality quality, int minUsefulShortSidePixels)
    {
        var shortSide = Math.Min(quality.Width, quality.Height);
        return shortSide < minUsefulShortSidePixels
            ? new TriageReason(TriageReasonCodes.LowResolution,
                $"The photo is small ({quality.Width}×{quality.Height}); at least {minUsefulShortSidePixels} pixels on the short side are needed for detail.",
                LowResolutionEffect)
            : new TriageReason(TriageReasonCodes.ResolutionOk, $"The resolution is sufficient ({quality.Width}×{quality.Height}).", 0);
    }
}
