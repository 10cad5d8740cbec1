using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Admission;

/// <summary>How the C library's allocator serves the native libraries (configuration <c>Vision:NativeHeap</c>).</summary>
public sealed class NativeHeapOptions
{
    public const string Section = "Vision:NativeHeap";

    /// <summary>
    /// Native blocks of this size and larger (decoded photos, OpenCV images, ONNX Runtime tensors) get pages of their
    /// own that go back to the system when freed; 0 (the default) leaves it to inference, which fixes it at 32 MiB with a
    /// 64 MiB trim threshold as the first model loads (<c>Vision.Pipeline.Inference.InferenceHeap</c>: each run's freed
    /// buffers stay in the heap for the next), so blocks up to 32 MiB are carved from arenas that keep their pages until
    /// the trim after a photo burst. (glibc's own threshold starts at 128 KiB and rises with every large block freed, up
    /// to 32 MiB, with a trim threshold of twice the largest, which handed a run's buffers back to the kernel each time.)
    /// A fixed 1 MiB lowers a 12 MP triage's peak (<c>triage-memory</c>: 368 MB against 599 MB) but makes every frame
    /// and tensor buffer a fresh mapping whose pages fault in again each time: where page faults are dear (virtualised
    /// sandboxes such as the project's CI) a 12 MP triage then took 43 s instead of 2.7 s. Set it only where page
    /// faults are cheap and memory is tight.
    /// </summary>
    [Range(0, 32L * 1024 * 1024)]
    public long MmapThresholdBytes { get; set; }

    /// <summary>
    /// At most this many glibc arenas; 0 (the default) leaves glibc's own limit, 8 per core. Fewer arenas made the
    /// service both slower and larger under 12 MP triage load (<c>load 15</c>, quiet 2-core machine, 2 arenas against
    /// glibc's limit: plate stage 1733 against 1296 ms, peak RSS 1.69–1.74 against 1.38–1.43 GB): threads then wait for
    /// an arena and blocks of every size share fewer heaps. It stays for machines where the measurement says otherwise.
    /// </summary>
    [Range(0, 1024)]
    public int MaxArenas { get; set; }
}
