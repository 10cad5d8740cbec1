namespace Vision.Pipeline.Evidence;

/// <summary>Where the time of one package build went.</summary>
public sealed record EvidenceBuildTimings(
    TimeSpan KeyFrames,
    TimeSpan Clip,
    TimeSpan Overview,
    TimeSpan PlateCrop,
    TimeSpan Redaction,
    TimeSpan SealAndCommit)
{
    public TimeSpan Total => KeyFrames + Clip + Overview + PlateCrop + Redaction + SealAndCommit;
}
