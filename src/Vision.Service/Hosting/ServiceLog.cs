using Vision.Pipeline.Imaging;
using Vision.Pipeline.Inference;

namespace Vision.Service.Hosting;

internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Detector {ModelName} loaded (sha256 {Sha256}, provider {Provider}, dynamic input {DynamicInput}, input size {InputSize}, outputs {OutputBinding}) and warmed up")]
    public static partial void DetectorLoaded(ILogger logger, string modelName, string sha256, ExecutionProvider provider, bool dynamicInput, int inputSize,
        string outputBinding);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Model {ModelName} loaded once for all its users (sha256 {Sha256}, provider {Provider}, device {DeviceId}, host memory {HostMemory}; produced by {Producer}, graph {Graph}, version {Version}); all models share {RunSlots} run slots")]
    public static partial void ModelLoaded(ILogger logger, string modelName, string sha256, ExecutionProvider provider, int deviceId,
        string hostMemory, string producer, string graph, long version, int runSlots);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Model {ModelName}: a run with outputs bound to pooled tensors failed where a plain run succeeded, so its outputs are allocated per run from now on: {Error}")]
    public static partial void OutputBindingAbandoned(ILogger logger, string modelName, string error);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
        Message = "Photo refused: {Reason} ({Detail})")]
    public static partial void PhotoRejected(ILogger logger, ImageRejectionReason reason, string detail);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Information,
        Message = "Native heap: mmap threshold {ThresholdBytes} bytes, at most {MaxArenas} arenas, 0 for the defaults ({Outcome})")]
    public static partial void NativeHeapConfigured(ILogger logger, long thresholdBytes, int maxArenas, Admission.NativeHeap.Outcome outcome);
}
