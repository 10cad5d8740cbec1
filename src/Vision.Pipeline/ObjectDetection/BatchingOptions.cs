using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.ObjectDetection;

/// <summary>
/// Batching frames of many cameras into one inference (configuration <c>Vision:StreamDetector:Batching</c>); needs a
/// model whose batch dimension is dynamic (<c>yolox_nano_coco_batch_dynamic.onnx</c>).
/// </summary>
public sealed class BatchingOptions
{
    /// <summary>
    /// Off by default: on 2 CPU cores batching measured no faster than concurrent single runs (README, Benchmarks); a GPU
    /// is where one run of many frames pays.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>A batch runs as soon as it holds this many frames.</summary>
    [Range(1, 512)]
    public int MaxBatch { get; set; } = 8;

    /// <summary>…or once its first frame has waited this long for others.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(4);

    /// <summary>Batches running at once (the next one gathers while these run).</summary>
    [Range(1, 64)]
    public int MaxBatchesInFlight { get; set; } = 2;
}
