using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Inference;

/// <summary>
/// One model's override of where it runs (a model section's <c>Inference</c>); every property left unset follows
/// <see cref="InferenceSettings"/> (<c>Vision:Inference</c>), the one place the execution provider is configured.
/// </summary>
public sealed class InferenceOptions
{
    public ExecutionProvider? ExecutionProvider { get; set; }

    /// <summary>GPU ordinal for CUDA and TensorRT.</summary>
    [Range(0, 64)]
    public int? DeviceId { get; set; }

    /// <summary>Threads one inference may use on the CPU; 0 lets ONNX Runtime choose (one per physical core).</summary>
    [Range(0, 1024)]
    public int? IntraOpThreads { get; set; }
}
