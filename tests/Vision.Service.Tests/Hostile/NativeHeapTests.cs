using System.Runtime.InteropServices;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Hostile;

/// <summary>
/// The process that hosts the service (built by <c>VisionApp</c>, as Program runs it) maps every native block of
/// 1 MiB and more on its own, so a freed decoded photo or tensor goes back to the system instead of staying in a
/// glibc arena.
/// </summary>
[Collection(VisionServiceCollection.Name)]
public sealed class NativeHeapTests(VisionServiceFixture service)
{
    // glibc marks a block it mapped on its own with bit 1 (IS_MMAPPED) of the size word just before the block.
    private const long IsMmapped = 0x2;

    [Fact]
    public void InTheServiceProcess_ALargeBlock_IsMappedOnItsOwn_EvenAfterALargerBlockWasFreed()
    {
        Assert.NotNull(service.Services);

        // With glibc's dynamic threshold, freeing a mapped 31 MiB block lifts the threshold to 31 MiB and the next
        // 30 MiB block extends an arena; with the service's fixed threshold it is mapped (an arena serves a block above
        // the threshold only from free space it already has, and none holds 30 MiB in one piece).
        Marshal.FreeHGlobal(Marshal.AllocHGlobal(31 * 1024 * 1024));
        var block = Marshal.AllocHGlobal(30 * 1024 * 1024);
        try
        {
            Assert.True((Marshal.ReadInt64(block, -8) & IsMmapped) != 0, "A 30 MiB native block came from a glibc arena: the service's mmap threshold is not applied.");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    [Fact]
    public void AfterABurst_TheTrimmer_ReachesGlibc()
    {
        Assert.True(service.Services.GetRequiredService<Admission.BurstMemoryTrimmer>().TrimNow(), "malloc_trim could not be called: the native heap keeps its peak.");
    }
}
