namespace Vision.Pipeline.Inference;

/// <summary>Where and how one model's session runs, resolved from <see cref="InferenceSettings"/> and the model's override.</summary>
public sealed record ExecutionTarget(
    ExecutionProvider Provider,
    int DeviceId,
    int IntraOpThreads,
    string TensorRtEngineCacheDirectory,
    bool TensorRtHalfPrecision,
    bool PageLockedHostMemory = true)
{
    public static ExecutionTarget Cpu { get; } = new InferenceSettings().TargetFor(null);
}
