using System.ComponentModel.DataAnnotations;
using Vision.Pipeline.Inference;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>Configuration of one object detector (bound from <c>Vision:Detector</c> and friends).</summary>
public sealed class DetectorOptions : IValidatableObject
{
    /// <summary>The largest stride of every supported model's output grid: a canvas side must be a multiple of it.</summary>
    public const int LargestModelStride = 32;

    /// <summary>Readable model name recorded with every result; defaults to the file name.</summary>
    public string? Name { get; set; }

    /// <summary>Path of the ONNX file, absolute or relative to the model directory.</summary>
    [Required]
    public string ModelPath { get; set; } = "yolox_nano_coco_416.onnx";

    public ModelFormat Format { get; set; } = ModelFormat.Yolox;

    /// <summary>
    /// Input canvas for models with dynamic height and width: the image is fitted into it and the canvas is then
    /// shrunk to the image, rounded up to <see cref="StrideAlignment"/>. Ignored for fixed-size models.
    /// </summary>
    [Range(32, 8192)]
    public int InputSize { get; set; } = 416;

    /// <summary>A multiple of <see cref="LargestModelStride"/>: a canvas of 640×368 failed inside ONNX Runtime on every 16:9 frame.</summary>
    [Range(LargestModelStride, 256)]
    public int StrideAlignment { get; set; } = LargestModelStride;

    /// <summary>Class names in model order; COCO-80 when empty.</summary>
    public List<string> ClassNames { get; set; } = [];

    [Range(0.001, 1.0)]
    public float ConfidenceThreshold { get; set; } = 0.3f;

    /// <summary>Per-class overrides of <see cref="ConfidenceThreshold"/>, by class name.</summary>
    public Dictionary<string, float> ClassConfidenceThresholds { get; set; } = [];

    [Range(0.01, 1.0)]
    public float IouThreshold { get; set; } = 0.45f;

    [Range(1, 10000)]
    public int MaxDetections { get; set; } = 300;

    /// <summary>Overrides the format's default colour order, if the model was trained differently.</summary>
    public ChannelOrder? ChannelOrder { get; set; }

    /// <summary>Overrides the format's default letterbox placement.</summary>
    public LetterboxPlacement? Placement { get; set; }

    public InferenceOptions Inference { get; set; } = new();

    /// <summary>Concurrent inferences per processor when <see cref="MaxConcurrentRuns"/> is 0 (the figure the README states).</summary>
    public const int DefaultRunsPerProcessor = 2;

    /// <summary>Frames of many cameras gathered into one inference (stream detector only).</summary>
    public BatchingOptions Batching { get; set; } = new();

    /// <summary>Detect large frames tile by tile (null: whole frames only).</summary>
    public TileOptions? Tiles { get; set; }

    /// <summary>
    /// Inferences allowed at once on this detector; 0 means <see cref="DefaultRunsPerProcessor"/> per processor. Each
    /// concurrent run keeps its own activations in ONNX Runtime's arena, so this bounds memory; on 2 cores two per core
    /// kept 92–98 % of bare throughput where one per core lost a third with many callers (one run's preprocessing and
    /// decoding leave its core idle unless a second run is ready). A GPU wants more (16 measured best on an H200).
    /// </summary>
    [Range(0, 256)]
    public int MaxConcurrentRuns { get; set; }

    /// <summary>The limit in force: <see cref="MaxConcurrentRuns"/>, or <see cref="DefaultRunsPerProcessor"/> per processor.</summary>
    public int ConcurrentRunLimit => MaxConcurrentRuns > 0 ? MaxConcurrentRuns : DefaultRunsPerProcessor * Environment.ProcessorCount;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StrideAlignment % LargestModelStride != 0)
        {
            yield return new ValidationResult(
                $"must be a multiple of {LargestModelStride}, the models' largest stride (not {StrideAlignment}): another canvas fails inside the model", [nameof(StrideAlignment)]);
        }

        if (Batching.Enabled && Tiles is not null)
        {
            yield return new ValidationResult(
                "are not used when Batching is enabled (a batch holds whole frames): turn one of them off", [nameof(Tiles)]);
        }
    }

    public PreprocessingSpec BuildPreprocessing()
    {
        var spec = PreprocessingSpec.DefaultFor(Format);
        return spec with
        {
            ChannelOrder = ChannelOrder ?? spec.ChannelOrder,
            Placement = Placement ?? spec.Placement,
        };
    }
}
