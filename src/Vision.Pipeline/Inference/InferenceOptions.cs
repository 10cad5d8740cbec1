namespace Vision.Pipeline.Inference;

/// <summary>How a model's session is created: backend, device and CPU threads.</summary>
public sealed class InferenceOptions
{
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>GPU ordinal for CUDA and TensorRT.</summary>
    public int DeviceId { get; set; }

    /// <summary>Threads one inference may use on the CPU; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }
}
