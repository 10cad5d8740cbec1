using System.ComponentModel.DataAnnotations;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates.Localization;

/// <summary>Configuration of the PP-OCR (DBNet) text detector used to find plate text inside vehicle crops.</summary>
public sealed class TextRegionDetectorOptions
{
    /// <summary>Path of the ONNX file, absolute or relative to the model directory.</summary>
    [Required]
    public string ModelPath { get; set; } = "ppocr/ch_PP-OCRv4_det_infer.onnx";

    /// <summary>
    /// The crop is resized (keeping aspect) so its longer side is this many pixels, then padded to a multiple of 32.
    /// 640 finds plates 480 misses in whole photos (openalpr_us end to end: 184 vs 177 of 222) at about twice the cost.
    /// </summary>
    [Range(64, 4096)]
    public int LongSide { get; set; } = 640;

    /// <summary>A pixel is text when its probability is at least this (DBNet's binarisation threshold).</summary>
    [Range(0.01, 1.0)]
    public float PixelThreshold { get; set; } = 0.3f;

    /// <summary>A region is kept when the mean probability inside it is at least this.</summary>
    [Range(0.01, 1.0)]
    public float BoxThreshold { get; set; } = 0.5f;

    /// <summary>How far the shrunk DBNet kernel is grown back: distance = area × ratio / perimeter.</summary>
    [Range(0.5, 4.0)]
    public float UnclipRatio { get; set; } = 1.5f;

    /// <summary>Regions whose shorter side (in model pixels, before unclipping) is below this are noise.</summary>
    [Range(1, 64)]
    public int MinimumSide { get; set; } = 3;

    [Range(1, 10000)]
    public int MaxRegions { get; set; } = 200;

    public InferenceOptions Inference { get; set; } = new();
}
