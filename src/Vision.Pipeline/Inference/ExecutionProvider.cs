namespace Vision.Pipeline.Inference;

/// <summary>The ONNX Runtime backend that runs a model.</summary>
public enum ExecutionProvider
{
    Cpu,
    Cuda,
    TensorRt,
}
