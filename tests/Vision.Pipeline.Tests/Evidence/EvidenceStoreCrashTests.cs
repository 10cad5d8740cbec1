using System.Diagnostics;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Evidence;

/// <summary>
/// Kills (SIGKILL) a process while it writes packages, several times at different moments, and checks that every
/// package folder the store shows verifies completely, and that the next opening of the store removes the leftovers.
/// </summary>
public sealed class EvidenceStoreCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vision-crash-").FullName;

    [Fact]
    public async Task KilledWriter_LeavesNoPackageThatIsIncomplete_AndItsLeftoversAreRemovedOnOpen()
    {
        var store = Path.Combine(_root, "store");
        var key = Path.Combine(_root, "signing.pem");
        var sealedIds = new HashSet<string>();
        var leftovers = 0;
        var lastLeftovers = 0;
        // Different moments within a package's build: the kill lands before, during and after the rename.
        int[] killDelaysMs = [0, 17, 43, 71, 113];
        for (var run = 0; run < killDelaysMs.Length; run++)
        {
            var (reported, leftover) = await RunAndKillAsync(store, key, run * 1000, killDelaysMs[run]);
            sealedIds.UnionWith(reported);
            leftovers += leftover;
            lastLeftovers = leftover;
        }

        var opened = new LocalEvidenceStore(store, TimeSpan.FromDays(75), TimeProvider.System);
        using var trusted = EvidenceSigningKey.ImportPublicKey(EvidenceSigningKey.LoadOrCreate(key).PublicKeyPem);
        var packages = Directory.GetDirectories(Path.Combine(store, "packages")).Select(Path.GetFileName).ToList();
        output.WriteLine($"{packages.Count} packages stored, {sealedIds.Count} reported sealed, {leftovers} unfinished drafts found after kills");
        Assert.NotEmpty(sealedIds);
        // Every package reported sealed is there, and every package there is complete and verifies.
        Assert.Superset(sealedIds, packages.ToHashSet()!);
        foreach (var package in packages)
        {
            var verification = PackageVerifier.Verify(Path.Combine(store, "packages", package!), trusted);
            Assert.True(verification.IsValid, $"{package}: {string.Join("; ", verification.Problems)}");
        }

        Assert.Equal(0, EvidenceWorkspace.StagedDrafts(store));
        Assert.Empty(Directory.GetDirectories(Path.Combine(store, ".staging")));
        // Each run's writer cleaned what the previous kill left; the last kill's leftovers went when the store opened here.
        Assert.Equal(lastLeftovers, opened.StagingLeftoversRemoved);
        Assert.True(leftovers > 0, "no kill landed while a package was being written; the test proved nothing");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(List<string> Reported, int Leftovers)> RunAndKillAsync(string store, string key, int firstViolation, int delayMs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { WriterPath(), store, key, TestAssets.Sample("images/vn_car_3.jpg"), firstViolation.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var writer = Process.Start(start)!;
        var reported = new List<string>();
        // Let it seal a few packages, then kill it at a moment that varies with the delay.
        while (reported.Count < 3 && await writer.StandardOutput.ReadLineAsync() is { } line)
        {
            reported.Add(line["sealed ".Length..]);
        }

        await Task.Delay(delayMs);
        writer.Kill(); // SIGKILL: no finally blocks, no flushing, no clean-up.
        await writer.WaitForExitAsync();
        while (await writer.StandardOutput.ReadLineAsync() is { } line)
        {
            reported.Add(line["sealed ".Length..]);
        }

        return (reported, EvidenceWorkspace.StagedDrafts(store));
    }

    internal static string WriterPath()
    {
        // The writer is built beside the tests, in the same configuration (Debug/Release).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(TestAssets.RepositoryRoot, "tests", "Vision.Evidence.CrashWriter", "bin", configuration, "net10.0", "Vision.Evidence.CrashWriter.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The crash writer is not built; build tests/Vision.Pipeline.Tests.", path);
    }
}
