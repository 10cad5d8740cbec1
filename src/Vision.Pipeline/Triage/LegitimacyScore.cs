namespace Vision.Pipeline.Triage;

/// <summary>
/// The legitimacy score in [0, 1]: a neutral start of <see cref="Start"/> plus every reason's effect, clamped. A clean
/// photo that supports its category and whose EXIF agrees scores about 0.95; each of an old photo, a far-away one or a
/// duplicate alone brings it to about 0.45–0.55, and together they sink it below 0.3. It ranks reports for officials; it
/// decides nothing.
/// </summary>
public static class LegitimacyScore
{
    public const double Start = 0.6;

    public static double Of(IEnumerable<TriageReason> reasons) => Math.Clamp(Start + reasons.Sum(reason => reason.Effect), 0, 1);
}
