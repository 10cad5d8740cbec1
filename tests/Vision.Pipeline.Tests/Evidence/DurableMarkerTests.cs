using System.Diagnostics;
using System.Text.RegularExpressions;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Evidence;

/// <summary>
/// What reaches the disk before a hold or a pending-journal entry is reported done, read from the system calls of a real
/// process (strace, one trace per thread): the file is fsynced, and its folder once the name is there, so a power cut
/// keeps both (a killed process alone would not lose them: the page cache survives it).
/// </summary>
public sealed partial class DurableMarkerTests : IDisposable
{
    private const string PackageName = "20260901T080000000Z_cam-1_redlight_t1_s10";
    private readonly string _root = Directory.CreateTempSubdirectory("vision-durable-").FullName;

    [Fact]
    public async Task HoldMarker_AndPendingJournalEntry_AreFsynced_WithTheirFolders()
    {
        var store = Path.Combine(_root, "store");
        var packages = new LocalEvidenceStore(store, TimeSpan.FromDays(75), TimeProvider.System);
        using (var draft = packages.BeginPackage(PackageName))
        {
            draft.WriteFile("keyframes/01-at-10.jpg", "key-frame", TestAssets.SampleBytes("images/vn_car_3.jpg"));
            draft.Seal("{}"u8, [1, 2, 3]);
            Assert.True(packages.Commit(draft));
        }

        var calls = await TraceAsync("hold-and-journal", store, PackageName);

        var holds = Path.Combine(store, "holds");
        var marker = Fsync(calls, Path.Combine(holds, PackageName), directory: false, after: 0);
        Assert.True(marker.Synced > 0, "the hold marker is fsynced");
        Assert.True(Fsync(calls, holds, directory: true, after: marker.Opened).Synced > 0, "the holds folder is fsynced after the marker was created");

        var pending = Path.Combine(store, "pending");
        var entry = Assert.Single(Directory.GetFiles(pending));
        var partial = Fsync(calls, entry + ".partial", directory: false, after: marker.Synced);
        Assert.True(partial.Synced > 0, "the journal entry is fsynced before it is renamed into place");
        var renamed = calls.FindIndex(partial.Synced, call => Renamed().Match(call) is { Success: true } rename
            && rename.Groups["from"].Value == entry + ".partial" && rename.Groups["to"].Value == entry);
        Assert.True(renamed > 0, "the journal entry is renamed into place after its fsync");
        Assert.True(Fsync(calls, pending, directory: true, after: renamed).Synced > 0, "the pending folder is fsynced after the rename");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// Where a descriptor opened on <paramref name="path"/> (at or after line <paramref name="after"/>) was opened, and
    /// where it was fsynced before being closed (-1: never).
    /// </summary>
    private static (int Opened, int Synced) Fsync(List<string> calls, string path, bool directory, int after)
    {
        for (var i = after; i < calls.Count; i++)
        {
            var open = Opened().Match(calls[i]);
            if (!open.Success || open.Groups["path"].Value != path || open.Groups["flags"].Value.Contains("O_DIRECTORY", StringComparison.Ordinal) != directory)
            {
                continue;
            }

            var descriptor = open.Groups["fd"].Value;
            for (var j = i + 1; j < calls.Count && !calls[j].StartsWith($"close({descriptor})", StringComparison.Ordinal); j++)
            {
                if (Synced().Match(calls[j]) is { Success: true } sync && sync.Groups["fd"].Value == descriptor)
                {
                    return (i, j);
                }
            }

            return (i, -1);
        }

        return (-1, -1);
    }

    /// <summary>Runs the crash writer's <paramref name="arguments"/> under strace; the system calls of the thread that did the work, in order.</summary>
    private async Task<List<string>> TraceAsync(params string[] arguments)
    {
        var prefix = Path.Combine(_root, "trace");
        var start = new ProcessStartInfo("strace") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-ff", "-qq", "-e", "trace=openat,fsync,fdatasync,close,rename,renameat,renameat2", "-o", prefix, "dotnet", EvidenceStoreCrashTests.WriterPath() }
                     .Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}{await error}");
        return Directory.GetFiles(_root, "trace.*")
            .Select(file => File.ReadAllLines(file).ToList())
            .Single(calls => calls.Any(call => call.Contains($"/holds/{PackageName}\"", StringComparison.Ordinal)));
    }

    [GeneratedRegex("""^openat\(AT_FDCWD, "(?<path>[^"]+)", (?<flags>[A-Z_|]+)(, \d+)?\)\s+= (?<fd>\d+)$""")]
    private static partial Regex Opened();

    [GeneratedRegex(@"^f(data)?sync\((?<fd>\d+)\)\s+= 0$")]
    private static partial Regex Synced();

    [GeneratedRegex("""^rename(at2?)?\((AT_FDCWD, )?"(?<from>[^"]+)", (AT_FDCWD, )?"(?<to>[^"]+)"(, [A-Z_|0-9]+)?\)\s+= 0$""")]
    private static partial Regex Renamed();
}
