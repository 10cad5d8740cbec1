using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Admission;

/// <summary>How the C library's allocator serves the native libraries (configuration <c>Vision:NativeHeap</c>).</summary>
public sealed class NativeHeapOptions
{
    public const string Section = "Vision:NativeHeap";

    /// <summary>
    /// Native blocks of this size and larger (decoded photos, OpenCV images, ONNX Runtime tensors) get pages of their
    /// own that go back to the system when freed; 0 (the default) leaves glibc's own threshold (and any
    /// <c>MALLOC_MMAP_THRESHOLD_</c>). glibc's threshold starts at 128 KiB and rises with every large block freed, up to
    /// 32 MiB, after which such blocks are carved from arenas that keep their pages until the trim after a photo burst.
    /// A fixed 1 MiB lowers a 12 MP triage's peak (<c>triage-memory</c>: 368 MB against 599 MB) but makes every frame
    /// and tensor buffer a fresh mapping whose pages fault in again each time: where page faults are dear (virtualised
    /// sandboxes such as the project's CI) a 12 MP triage then took 43 s instead of 2.7 s. Set it only where page
    /// faults are cheap and memory is tight.
    /// </summary>
    [Range(0, 32L * 1024 * 1024)]
    public long MmapThresholdBytes { get; set; }

    /// <summary>
    /// At most this many glibc arenas (0: glibc's own limit, 8 per core). glibc gives a thread that finds the arenas busy
    /// one of its own, and each arena keeps the blocks freed in it: photo calls spread over many thread-pool threads
    /// leave every arena at its own peak. 2000 mutated photos back to back (<c>MutatedPhotoFuzzTests</c>, 2 cores) grew
    /// the test host to a 2.2 GB peak with glibc's limit, 1.8 GB with 2.
    /// </summary>
    [Range(0, 1024)]
    public int MaxArenas { get; set; } = 2;
}
