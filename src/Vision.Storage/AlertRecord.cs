namespace Vision.Storage;

/// <summary>
/// One alert as the store keeps it. <paramref name="Position"/> increases with every alert and positions become
/// visible in order, so "everything after position n" is exact for a client resuming from n.
/// </summary>
/// <param name="PayloadJson">Kind-specific details (for a watchlist hit: the listed plate, reason, note, match kind and distance).</param>
public sealed record AlertRecord(
    long Position,
    AlertKind Kind,
    string CameraId,
    string? ViolationId,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string? PlateText,
    string Summary,
    string? PayloadJson);
