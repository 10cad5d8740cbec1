using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Inference;

/// <summary>
/// How every model runs (configuration <c>Vision:Inference</c>): execution provider and device for all models (a
/// model's own <c>Inference</c> section may override them), and the run slots all models share.
/// </summary>
public sealed class InferenceSettings
{
    /// <summary>Run slots per processor when <see cref="MaxConcurrentRuns"/> is 0.</summary>
    public const int DefaultRunsPerProcessor = 2;

    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Cpu;

    /// <summary>GPU ordinal for CUDA and TensorRT.</summary>
    [Range(0, 64)]
    public int DeviceId { get; set; }

    /// <summary>Threads one inference may use on the CPU; 0 lets ONNX Runtime choose (one per physical core).</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Inferences of all models together allowed at once; 0 means <see cref="DefaultRunsPerProcessor"/> per processor.
    /// Each concurrent run holds its own activations, so this bounds memory; on 2 cores two runs per core kept 92–98 % of
    /// bare throughput (one run's pre- and post-processing leave its core idle unless a second is ready). A GPU wants
    /// more: 16 concurrent calls measured best on an H200.
    /// </summary>
    [Range(0, 4096)]
    public int MaxConcurrentRuns { get; set; }

    /// <summary>TensorRT builds an engine per model and input shape (minutes); it is kept in this folder and reused.</summary>
    [Required(ErrorMessage = "Vision:Inference:TensorRtEngineCacheDirectory must name a folder (it is resolved for every model, also on the CPU).")]
    public string TensorRtEngineCacheDirectory { get; set; } = "data/tensorrt-cache";

    /// <summary>Lets TensorRT run layers in half precision (faster; scores move in the third decimal).</summary>
    public bool TensorRtHalfPrecision { get; set; }

    /// <summary>
    /// On a GPU, inputs and outputs live in page-locked host memory (<see cref="HostTensorPool"/>); off: ordinary
    /// pooled arrays, for comparing the two.
    /// </summary>
    public bool PageLockedHostMemory { get; set; } = true;

    /// <summary>The shared run slots in force.</summary>
    public int RunSlots => MaxConcurrentRuns > 0 ? MaxConcurrentRuns : DefaultRunsPerProcessor * Environment.ProcessorCount;

    /// <summary>Where a model runs: these settings with the model's own overrides applied.</summary>
    public ExecutionTarget TargetFor(InferenceOptions? modelOverride) => new(
        modelOverride?.ExecutionProvider ?? ExecutionProvider,
        modelOverride?.DeviceId ?? DeviceId,
        modelOverride?.IntraOpThreads ?? IntraOpThreads,
        Path.GetFullPath(TensorRtEngineCacheDirectory),
        TensorRtHalfPrecision,
        PageLockedHostMemory);
}
