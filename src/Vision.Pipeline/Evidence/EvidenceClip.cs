namespace Vision.Pipeline.Evidence;

/// <summary>A written clip: its codec, how many frames it holds and at which rate it plays.</summary>
public sealed record EvidenceClip(string Codec, int FrameCount, double FramesPerSecond, long FirstSequence, long LastSequence);
