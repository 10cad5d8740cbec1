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

    /// <summary>Faces scoring at least this are reported.</summary>
    [Range(0.05, 1.0)]
    public float ScoreThreshold { get; set; } = 0.7f;

    [Range(0.05, 1.0)]
    public float NmsIouThreshold { get; set; } = 0.3f;

    public InferenceOptions Inference { get; set; } = new();
}
