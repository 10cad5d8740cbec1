using Microsoft.ML.OnnxRuntime;

namespace Vision.Pipeline.Inference;

/// <summary>Creates ONNX Runtime sessions on the configured execution provider, failing clearly when it cannot run here.</summary>
public static class InferenceSessionFactory
{
    public static InferenceSession Create(string modelPath, ExecutionTarget target)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model file '{modelPath}' does not exist. Run ./setup.sh to provision the models.", modelPath);
        }

        // Without ORT's arena every run mallocs and frees its activations: keep them in the heap, not in fresh mappings.
        InferenceHeap.KeepFreedBuffers();
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = target.IntraOpThreads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            // Photos come in every size and the high-resolution detector takes them as they are: an arena and cached
            // memory patterns would keep the largest shape's memory (and one pattern per shape) for good.
            EnableCpuMemArena = false,
            EnableMemoryPattern = false,
        };
        AppendExecutionProvider(sessionOptions, target);
        try
        {
            return new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException error) when (target.Provider != ExecutionProvider.Cpu)
        {
            throw new ExecutionProviderUnavailableException(target.Provider, error.Message, error);
        }
    }

    private static void AppendExecutionProvider(SessionOptions sessionOptions, ExecutionTarget target)
    {
        var provider = target.Provider;
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
                Directory.CreateDirectory(target.TensorRtEngineCacheDirectory);
                using var tensorRt = new OrtTensorRTProviderOptions();
                tensorRt.UpdateOptions(new Dictionary<string, string>
                {
                    ["device_id"] = target.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["trt_engine_cache_enable"] = "1",
                    ["trt_engine_cache_path"] = target.TensorRtEngineCacheDirectory,
                    ["trt_timing_cache_enable"] = "1",
                    ["trt_timing_cache_path"] = target.TensorRtEngineCacheDirectory,
                    ["trt_fp16_enable"] = target.TensorRtHalfPrecision ? "1" : "0",
                });
                sessionOptions.AppendExecutionProvider_Tensorrt(tensorRt);
            }

            // CUDA also serves as TensorRT's fallback for the nodes TensorRT does not take.
            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(new Dictionary<string, string>
            {
                ["device_id"] = target.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // Inputs arrive from pinned host buffers; copies overlap with compute on the default stream.
                ["do_copy_in_default_stream"] = "1",
                ["cudnn_conv_algo_search"] = "HEURISTIC",
            });
            sessionOptions.AppendExecutionProvider_CUDA(cuda);
        }
        catch (Exception error) when (error is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw new ExecutionProviderUnavailableException(provider, error.Message, error);
        }
    }
}
