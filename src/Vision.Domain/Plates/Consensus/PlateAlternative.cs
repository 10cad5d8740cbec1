namespace Vision.Domain.Plates.Consensus;

/// <summary>A cluster of reads that lost to the decided text: its own best text, weight share (0–1) and read count.</summary>
public sealed record PlateAlternative(string Text, double Score, int SupportingReads);
