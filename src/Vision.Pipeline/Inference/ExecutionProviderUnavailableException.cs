namespace Vision.Pipeline.Inference;

/// <summary>The configured execution provider cannot run on this machine; raised at start-up, never mid-stream.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException(ExecutionProvider provider, string reason, Exception? inner = null)
        : base($"Execution provider {provider} is unavailable: {reason} " +
               "Install its runtime (CUDA 13 and cuDNN 9 for Cuda; TensorRT 10 as well for TensorRt) or set ExecutionProvider to Cpu.", inner)
    {
        Provider = provider;
    }

    public ExecutionProviderUnavailableException()
    {
    }

    public ExecutionProviderUnavailableException(string message) : base(message)
    {
    }

    public ExecutionProviderUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ExecutionProvider Provider { get; }
}
