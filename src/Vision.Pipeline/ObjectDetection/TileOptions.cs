using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>
/// Detection on tiles of large frames (a 1080p camera with the 416 model): the frame is cut into
/// <see cref="Columns"/> × <see cref="Rows"/> overlapping tiles, each detected at the model's size, and a pass over the
/// whole frame is added for objects larger than a tile; boxes of all passes are merged by class-aware NMS.
/// </summary>
public sealed class TileOptions
{
    [Range(1, 8)]
    public int Columns { get; set; } = 2;

    [Range(1, 8)]
    public int Rows { get; set; } = 2;

    /// <summary>How much neighbouring tiles overlap, as a fraction of a tile's side.</summary>
    [Range(0.0, 0.5)]
    public double Overlap { get; set; } = 0.15;

    /// <summary>Frames narrower than this are detected whole (tiles would only repeat the whole-frame pass).</summary>
    [Range(1, 100000)]
    public int MinSourceWidth { get; set; } = 1280;
}
