namespace Vision.Storage;

/// <summary>A plate text considered for a violation: rank 0 is the decided read, higher ranks its alternatives.</summary>
public sealed record StoredPlateRead(int Rank, string Text, double Score, int SupportingReads);
