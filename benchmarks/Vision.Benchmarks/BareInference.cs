using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Benchmarks;

/// <summary>
/// The baseline every harness compares against: <c>session.Run</c> on its own session with an input tensor filled
/// once, so nothing of ours (letterbox, tensor fill, decode, NMS) is in the loop.
/// </summary>
public sealed class BareInference : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public BareInference(DetectorOptions options, ObjectDetector detector, Mat image)
    {
        _session = InferenceSessionFactory.Create(Path.Combine(BenchmarkAssets.ModelDirectory, options.ModelPath), new InferenceSettings().TargetFor(options.Inference));
        var transform = detector.PlanInput(image.Width, image.Height);
        var tensor = new float[3 * transform.CanvasWidth * transform.CanvasHeight];
        new InputTensorWriter(options.BuildPreprocessing()).Write(image, transform, tensor);
        _input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, transform.CanvasHeight, transform.CanvasWidth]);
        _inputNames = [_session.InputMetadata.Keys.Single()];
        _outputNames = [.. _session.OutputMetadata.Keys];
    }

    public void Run()
    {
        using var outputs = _session.Run(_runOptions, _inputNames, [_input], _outputNames);
    }

    public void Dispose()
    {
        _input.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
