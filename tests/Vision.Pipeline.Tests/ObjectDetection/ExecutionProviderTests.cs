using System.Runtime.InteropServices;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.ObjectDetection;

public sealed class ExecutionProviderTests
{
    [Theory]
    [InlineData(ExecutionProvider.Cuda, "libcudart.so.13")]
    [InlineData(ExecutionProvider.TensorRt, "libnvinfer.so.10")]
    public void Detector_FailsAtStartWithAClearError_WhenTheConfiguredProviderCannotRunHere(ExecutionProvider provider, string runtimeLibrary)
    {
        var options = new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", Inference = new() { ExecutionProvider = provider } };
        if (NativeLibrary.TryLoad(runtimeLibrary, out var handle))
        {
            // A GPU machine: the provider must work instead.
            NativeLibrary.Free(handle);
            using var detector = new ObjectDetector(options, TestAssets.ModelDirectory);
            Assert.Equal(provider, detector.ExecutionProvider);
            return;
        }

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => new ObjectDetector(options, TestAssets.ModelDirectory));

        Assert.Equal(provider, error.Provider);
        Assert.Contains($"Execution provider {provider} is unavailable", error.Message);
        Assert.Contains("set ExecutionProvider to Cpu", error.Message);
    }

    [Fact]
    public void Detector_NamesTheMissingFile_WhenTheModelIsNotProvisioned()
    {
        var options = new DetectorOptions { ModelPath = "no_such_model.onnx" };

        var error = Assert.Throws<FileNotFoundException>(() => new ObjectDetector(options, TestAssets.ModelDirectory));

        Assert.Contains("no_such_model.onnx", error.Message);
        Assert.Contains("./setup.sh", error.Message);
    }
}
