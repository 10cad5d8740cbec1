using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Service.Admission;
using Vision.Service.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Service.Tests.Hostile;

/// <summary>
/// A seeded corpus of mutated photos through the real host: every answer is OK or a precise refusal (never UNKNOWN or
/// INTERNAL), arrives within a time bound, and the process does not grow. CI runs 300 mutations (about a minute on two
/// cores); <c>VISION_FUZZ_MUTATIONS=2500</c> runs the full probe, <c>VISION_FUZZ_SEED</c> another corpus.
/// </summary>
[Collection(IsolatedVisionServiceCollection.Name)]
public sealed class MutatedPhotoFuzzTests(VisionServiceFixture service, ITestOutputHelper output)
{
    // A refusal must come quickly whatever the input claims; an accepted photo is ordinary work whose time depends on the machine.
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(30);
    private const long MemoryGrowthBoundBytes = 400L * 1024 * 1024;

    // The issue's bound: no input costs more than 300 MB beyond what its declared size needs; the largest photo the
    // corpus mutates (3392×2264) needs about 110 MB through triage at 14 bytes a pixel.
    private const long CallPeakBoundBytes = 410L * 1024 * 1024;

    private static readonly HashSet<StatusCode> PreciseRefusals = [StatusCode.InvalidArgument, StatusCode.ResourceExhausted];

    [Fact]
    public async Task MutatedPhotos_GetOkOrAPreciseRefusal_Quickly_WithoutGrowingTheProcess()
    {
        var count = int.Parse(Environment.GetEnvironmentVariable("VISION_FUZZ_MUTATIONS") ?? "300", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("VISION_FUZZ_SEED") ?? "20261205", CultureInfo.InvariantCulture);
        var mutator = new PhotoMutator(seed);
        var client = new PhotoAnalysis.PhotoAnalysisClient(service.Channel);
        await WarmUpAsync(client);
        var baseline = SettledWorkingSet(service);
        var peak = baseline;
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var slowest = TimeSpan.Zero;
        var slowestCall = string.Empty;
        var slowestRefusal = TimeSpan.Zero;
        var slowestRefusedCall = string.Empty;
        var costliest = new List<(long PeakGrowth, string Call)>();
        for (var i = 0; i < count; i++)
        {
            var (description, bytes) = mutator.Next();
            var triage = i % 4 == 3;
            var before = ProcessMemory.ResetPeak();
            var started = Stopwatch.GetTimestamp();
            var outcome = await CallAsync(client, bytes, triage);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var peakGrowth = ProcessMemory.Peak() - before;
            costliest.Add((peakGrowth, $"#{i} {(triage ? "TriagePhoto" : "AnalyzePhoto")} {description} ({bytes.Length} bytes): {outcome.Label}"));
            if (costliest.Count > 10)
            {
                costliest.Remove(costliest.MinBy(call => call.PeakGrowth));
            }

            if (peakGrowth > CallPeakBoundBytes)
            {
                failures.Add($"#{i} {(triage ? "TriagePhoto" : "AnalyzePhoto")} {description}: {outcome.Label}, peak {peakGrowth >> 20} MB above its start");
            }

            if (elapsed > slowest)
            {
                (slowest, slowestCall) = (elapsed, $"{(triage ? "TriagePhoto" : "AnalyzePhoto")} {description}");
            }

            if (outcome.Label != "OK" && elapsed > slowestRefusal)
            {
                (slowestRefusal, slowestRefusedCall) = (elapsed, $"{(triage ? "TriagePhoto" : "AnalyzePhoto")} {description}: {outcome.Label}");
            }

            outcomes[outcome.Label] = outcomes.GetValueOrDefault(outcome.Label) + 1;
            if (!outcome.Acceptable || (outcome.Label != "OK" && elapsed > RefusalBound))
            {
                failures.Add($"#{i} {(triage ? "TriagePhoto" : "AnalyzePhoto")} {description}: {outcome.Label} in {elapsed.TotalMilliseconds:F0} ms");
            }

            peak = Math.Max(peak, before + peakGrowth);
        }

        var settled = SettledWorkingSet(service);
        output.WriteLine($"{count} mutations (seed {seed}): {string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"))}; " +
                         $"slowest answer {slowest.TotalMilliseconds:F0} ms ({slowestCall}), slowest refusal {slowestRefusal.TotalMilliseconds:F0} ms ({slowestRefusedCall}); working set {baseline >> 20} MB before, peak {peak >> 20} MB, {settled >> 20} MB after");
        output.WriteLine("Costliest inputs (peak resident memory above the call's start):" + Environment.NewLine +
                         string.Join(Environment.NewLine, costliest.OrderByDescending(call => call.PeakGrowth).Select(call => $"  +{call.PeakGrowth >> 20} MB {call.Call}")));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
        Assert.True(settled - baseline < MemoryGrowthBoundBytes, $"The process grew from {baseline >> 20} MB to {settled >> 20} MB.");
    }

    private static async Task<(string Label, bool Acceptable)> CallAsync(PhotoAnalysis.PhotoAnalysisClient client, byte[] bytes, bool triage)
    {
        var image = ByteString.CopyFrom(bytes);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        try
        {
            if (triage)
            {
                await client.TriagePhotoAsync(new TriagePhotoRequest { Image = image }, deadline: deadline);
            }
            else
            {
                await client.AnalyzePhotoAsync(new AnalyzePhotoRequest { Image = image, Resolution = DetectionResolution.Standard }, deadline: deadline);
            }

            return ("OK", true);
        }
        catch (RpcException error)
        {
            return (error.StatusCode.ToString(), PreciseRefusals.Contains(error.StatusCode));
        }
    }

    private static async Task WarmUpAsync(PhotoAnalysis.PhotoAnalysisClient client)
    {
        var bus = ByteString.CopyFrom(Pipeline.Tests.Support.TestAssets.SampleBytes("images/bus.jpg"));
        await client.AnalyzePhotoAsync(new AnalyzePhotoRequest { Image = bus, Resolution = DetectionResolution.Standard });
        await client.TriagePhotoAsync(new TriagePhotoRequest { Image = bus });
    }

    // The service runs in this process: what it holds once the burst is over and its trimmer has run.
    private static long SettledWorkingSet(VisionServiceFixture service)
    {
        GC.WaitForPendingFinalizers();
        _ = service.Services.GetRequiredService<BurstMemoryTrimmer>().TrimNow();
        return Environment.WorkingSet;
    }
}
