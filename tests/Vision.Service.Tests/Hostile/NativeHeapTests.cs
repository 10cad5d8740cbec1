using Vision.Pipeline.Tests.Support;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Hostile;

/// <summary>
/// The native heap settings as the service applies them. <c>mallopt</c> holds for a whole process, so the fixed
/// threshold is tried in a service process of its own: in the shared test host it would slow every other test.
/// </summary>
[Collection(VisionServiceCollection.Name)]
public sealed class NativeHeapTests(VisionServiceFixture service)
{
    [Fact]
    public async Task AFixedMmapThresholdAndArenaLimit_AreAppliedByTheServiceProcessAtStart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vision-heap-" + Guid.NewGuid().ToString("N")[..12]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await using var process = await ServiceProcess.StartAsync(
            [
                "--Vision:ModelDirectory", TestAssets.ModelDirectory,
                "--Logging:LogLevel:Default", "Warning",
                "--Logging:LogLevel:Vision.Service", "Information",
                "--Vision:Metrics:PrometheusPort", "0",
                "--Vision:Cameras:0:Enabled", "false",
                "--Vision:Storage:SqlitePath", Path.Combine(folder, "vision.db"),
                "--Vision:Evidence:StoreDirectory", Path.Combine(folder, "evidence"),
                "--Vision:Evidence:SigningKeyPath", Path.Combine(folder, "keys", "evidence-signing.pem"),
                "--Vision:NativeHeap:MmapThresholdBytes", "1048576",
                "--Vision:NativeHeap:MaxArenas", "2",
            ], TimeSpan.FromSeconds(90), cancel.Token);

            Assert.Contains("Native heap: mmap threshold 1048576 bytes, at most 2 arenas, 0 for the defaults (Applied)", process.OutputTail);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void AfterABurst_TheTrimmer_ReachesGlibc()
    {
        Assert.True(service.Services.GetRequiredService<Admission.BurstMemoryTrimmer>().TrimNow(), "malloc_trim could not be called: the native heap keeps its peak.");
    }
}
