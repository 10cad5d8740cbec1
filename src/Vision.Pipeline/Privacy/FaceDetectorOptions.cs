using System.ComponentModel.DataAnnotations;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Privacy;

/// <summary>YuNet face detector settings (configuration <c>Vision:Privacy:Faces</c>).</summary>
public sealed class FaceDetectorOptions
{
    [Required]
    public string ModelPath { get; set; } = "face_detection_yunet_2026may.onnx";

    /// <summary>Images are scaled so their longer side is at most this many pixels before detection (never up).</summary>
    [Range(160, 4096)]
    public int MaxLongSide { get; set; } = 1280;

    /// <summary>
    /// Images the whole-image pass shrinks by a third or more are searched again in tiles of at most
    /// <see cref="MaxLongSide"/> a side, seen with their longer side at most this many pixels (never enlarged), for faces
    /// that pass shrinks below what the model finds (about 10 px): the crowd in a phone's 12-megapixel photo, whose faces
    /// of 20 px it shrinks to 6. Clip frames skip it (redaction of key frames, overviews and photos does not). 0 turns
    /// the tiles off.
    /// </summary>
    [Range(0, 8192)]
    public int DetailLongSide { get; set; } = 3072;

    /// <summary>Faces scoring at least this are reported.</summary>
    [Range(0.05, 1.0)]
    public float ScoreThreshold { get; set; } = 0.7f;

    [Range(0.05, 1.0)]
    public float NmsIouThreshold { get; set; } = 0.3f;

    public InferenceOptions Inference { get; set; } = new();
}
