namespace Vision.Pipeline.Rules;

/// <summary>
/// How long a track has been inside a zone, for rules that need a sustained presence. Short absences (under the
/// required duration; box jitter at the edge) do not end the episode; a longer one does, and re-arms the rule.
/// </summary>
public sealed class ZoneStay
{
    public bool Inside { get; private set; }

    public DateTimeOffset Since { get; private set; }

    public long SinceSequence { get; private set; }

    public DateTimeOffset LastInside { get; private set; }

    public bool Reported { get; set; }

    public int ZoneIndex { get; private set; } = -1;

    /// <returns>How long the track has been inside, or null when it is not inside now.</returns>
    public TimeSpan? Observe(int zoneIndex, long sequence, DateTimeOffset capturedAt, TimeSpan gapThatEnds)
    {
        if (zoneIndex < 0)
        {
            if (Inside && capturedAt - LastInside > gapThatEnds)
            {
                Inside = false;
                Reported = false;
            }

            return null;
        }

        if (!Inside)
        {
            Inside = true;
            Since = capturedAt;
            SinceSequence = sequence;
            ZoneIndex = zoneIndex;
        }

        LastInside = capturedAt;
        return capturedAt - Since;
    }
}
