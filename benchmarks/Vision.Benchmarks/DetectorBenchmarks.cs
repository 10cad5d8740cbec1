using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Benchmarks;

/// <summary>The detector path stage by stage on bus.jpg (810×1080) with YOLOX-nano at 416.</summary>
[MemoryDiagnoser]
public class DetectorBenchmarks
{
    private ObjectDetector _detector = null!;
    private InputTensorWriter _writer = null!;
    private Mat _image = null!;
    private float[] _tensor = null!;
    private LetterboxTransform _transform;
    private InferenceSession _session = null!;
    private OrtValue _input = null!;
    private IDisposableReadOnlyCollection<OrtValue> _outputs = null!;
    private ModelOutputs _modelOutputs = null!;
    private RunOptions _runOptions = null!;
    private string[] _outputNames = null!;
    private ModelSession _modelSession = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new DetectorOptions { ModelPath = "yolox_nano_coco_416.onnx", Inference = new() { IntraOpThreads = 0 } };
        _detector = new ObjectDetector(options, BenchmarkAssets.ModelDirectory);
        _writer = new InputTensorWriter(options.BuildPreprocessing());
        _image = BenchmarkAssets.SampleImage("images/bus.jpg");
        _transform = _detector.PlanInput(_image.Width, _image.Height);
        _tensor = new float[3 * 416 * 416];
        _writer.Write(_image, _transform, _tensor);

        _session = InferenceSessionFactory.Create(Path.Combine(BenchmarkAssets.ModelDirectory, options.ModelPath), new InferenceSettings().TargetFor(options.Inference));
        _input = OrtValue.CreateTensorValueFromMemory(_tensor, [1, 3, 416, 416]);
        _outputNames = [.. _session.OutputMetadata.Keys];
        _runOptions = new RunOptions();
        _outputs = _session.Run(_runOptions, ["images"], [_input], _outputNames);
        _modelOutputs = new ModelOutputs(_outputNames, _outputs);
        _modelSession = ModelSession.Load(Path.Combine(BenchmarkAssets.ModelDirectory, options.ModelPath), options.Inference);
    }

    [Benchmark(Description = "letterbox + tensor fill")]
    public void Preprocess() => _writer.Write(_image, _transform, _tensor);

    [Benchmark(Description = "decode + NMS")]
    public int DecodeAndSuppress() => _detector.DecodeAndSuppress(_modelOutputs, _transform).Count;

    [Benchmark(Baseline = true, Description = "bare session.Run")]
    public int BareRun()
    {
        using var outputs = _session.Run(_runOptions, ["images"], [_input], _outputNames);
        return outputs.Count;
    }

    [Benchmark(Description = "Run, outputs allocated per run")]
    public int SessionRun()
    {
        using var outputs = _modelSession.Run([_input]);
        return outputs.Count;
    }

    [Benchmark(Description = "Run, outputs bound to pooled tensors")]
    public int PooledRun()
    {
        using var run = _modelSession.RunPooled(_input);
        return run.Values.Count;
    }

    [Benchmark(Description = "whole image Detect")]
    public int Detect() => _detector.Detect(_image).Detections.Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        _outputs.Dispose();
        _input.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _modelSession.Dispose();
        _detector.Dispose();
        _image.Dispose();
    }
}
