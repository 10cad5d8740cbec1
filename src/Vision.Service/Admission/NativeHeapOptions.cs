using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Admission;

/// <summary>How the C library's allocator serves the native libraries (configuration <c>Vision:NativeHeap</c>).</summary>
public sealed class NativeHeapOptions
{
    public const string Section = "Vision:NativeHeap";

    /// <summary>
    /// Native blocks of this size and larger (decoded photos, OpenCV images, ONNX Runtime tensors) get pages of their
    /// own that go back to the system when freed. glibc's default threshold starts at 128 KiB and rises with every
    /// large block freed, up to 32 MiB, after which such blocks are carved from arenas that keep their pages: a photo
    /// burst then leaves the process at its peak. Measured with the <c>triage-memory</c> harness: a 12 MP triage peaks
    /// at 368 MB with 1 MiB, 599 MB with glibc's default. 0 leaves glibc's default (and any <c>MALLOC_MMAP_THRESHOLD_</c>).
    /// </summary>
    [Range(0, 32L * 1024 * 1024)]
    public long MmapThresholdBytes { get; set; } = 1024 * 1024;
}
