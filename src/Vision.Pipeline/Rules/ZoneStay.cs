namespace Vision.Pipeline.Rules;

/// <summary>
/// How long a track has been inside a zone, for rules that need a sustained presence. Short absences (box jitter at
/// the edge) do not end the episode; a longer one does, and re-arms the rule. Rules on where a vehicle is end it
/// after <see cref="PlaceGap"/> of the required duration, so touches the required duration apart are no stay.
/// </summary>
public sealed class ZoneStay
{
    /// <summary>The share of the required duration an absence from a zone may last without ending the stay.</summary>
    public const double PlaceGap = 0.5;

    public bool Inside { get; private set; }

    public DateTimeOffset Since { get; private set; }

    public long SinceSequence { get; private set; }

    public DateTimeOffset LastInside { get; private set; }

    public bool Reported { get; set; }

    /// <summary>The zone the track is in now (one stay may run across touching zones of one kind: it is named by the latest).</summary>
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
        }

        ZoneIndex = zoneIndex;
        LastInside = capturedAt;
        return capturedAt - Since;
    }
}
