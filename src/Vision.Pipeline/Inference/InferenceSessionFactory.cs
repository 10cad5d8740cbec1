using Microsoft.ML.OnnxRuntime;

namespace Vision.Pipeline.Inference;

/// <summary>Creates ONNX Runtime sessions on the configured execution provider, failing clearly when it cannot run here.</summary>
public static class InferenceSessionFactory
{
    public static InferenceSession Create(string modelPath, InferenceOptions options)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model file '{modelPath}' does not exist. Run ./setup.sh to provision the models.", modelPath);
        }

        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            // Photos come in every size and the high-resolution detector takes them as they are: an arena and cached
            // memory patterns would keep the largest shape's memory (and one pattern per shape) for good.
            EnableCpuMemArena = false,
            EnableMemoryPattern = false,
        };
        AppendExecutionProvider(sessionOptions, options);
        try
        {
            return new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException error) when (options.ExecutionProvider != ExecutionProvider.Cpu)
        {
            throw new ExecutionProviderUnavailableException(options.ExecutionProvider, error.Message, error);
        }
    }

    private static void AppendExecutionProvider(SessionOptions sessionOptions, InferenceOptions options)
    {
        var provider = options.ExecutionProvider;
        if (provider == ExecutionProvider.Cpu)
        {
            return;
        }

        var available = OrtEnv.Instance().GetAvailableProviders();
        var required = provider == ExecutionProvider.Cuda ? "CUDAExecutionProvider" : "TensorrtExecutionProvider";
        if (!available.Contains(required))
        {
            throw new ExecutionProviderUnavailableException(provider,
                $"this ONNX Runtime build offers only {string.Join(", ", available)}.");
        }

        try
        {
            if (provider == ExecutionProvider.TensorRt)
            {
                sessionOptions.AppendExecutionProvider_Tensorrt(options.DeviceId);
            }

            // CUDA also serves as TensorRT's fallback for the nodes TensorRT does not take.
            sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId);
        }
        catch (Exception error) when (error is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw new ExecutionProviderUnavailableException(provider, error.Message, error);
        }
    }
}
