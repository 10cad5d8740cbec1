namespace Vision.Domain.Plates.Consensus;

/// <summary>
/// One read of a track's plate in one frame, with what the consensus needs to weigh it: the plate grammar's verdict
/// (computed by the caller), the crop's size and sharpness, and the encoded crop kept as evidence.
/// </summary>
/// <param name="Read">What the reader made of the crop.</param>
/// <param name="FormattedText">The read as the plate grammar writes it (e.g. "75-H1 425.99"), or null when it did not parse.</param>
/// <param name="IsValidPlate">Whether the read fits a Vietnamese plate format.</param>
/// <param name="FrameSequence">The frame the crop came from.</param>
/// <param name="CapturedAt">When that frame was captured.</param>
/// <param name="CropWidth">The crop's width in pixels.</param>
/// <param name="CropHeight">The crop's height in pixels.</param>
/// <param name="Sharpness">The variance of the Laplacian of the crop (grey levels²); higher is sharper.</param>
/// <param name="CropJpeg">The crop, JPEG-encoded.</param>
public sealed record PlateObservation(
    PlateRead Read,
    string? FormattedText,
    bool IsValidPlate,
    long FrameSequence,
    DateTimeOffset CapturedAt,
    int CropWidth,
    int CropHeight,
    double Sharpness,
    ReadOnlyMemory<byte> CropJpeg);
