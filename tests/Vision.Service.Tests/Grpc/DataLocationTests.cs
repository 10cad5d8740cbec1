using System.Diagnostics;
using System.Text.RegularExpressions;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Grpc;

/// <summary>
/// Where the embedded defaults keep their data when the service is started as the README says (<c>dotnet run</c>, which
/// <c>./scripts/run-service.sh</c> calls): in <c>data/</c> of the repository, whatever folder it was started from, with
/// the resolved paths in the start-up log. Uses the repository's own (git-ignored) <c>data/</c> folder, as a user's run would.
/// Runs in the shared service's collection, one after another with its tests: one more service starting in parallel
/// would only crowd the machine.
/// </summary>
[Collection(VisionServiceCollection.Name)]
public sealed partial class DataLocationTests
{
    [Fact]
    public async Task DotnetRun_KeepsViolationsAndEvidenceInTheRepositorysDataFolder_AndLogsTheResolvedPaths()
    {
        var elsewhere = Directory.CreateTempSubdirectory("vision-run-from-").FullName;
        try
        {
            var (store, evidence, key) = await StartAndReadDataLocationsAsync(elsewhere);

            var data = Path.Combine(TestAssets.RepositoryRoot, "data");
            Assert.Equal(Path.Combine(data, "vision.db"), store);
            Assert.Equal(Path.Combine(data, "evidence"), evidence);
            Assert.Equal(Path.Combine(data, "evidence-signing-key.pem"), key);
            Assert.True(File.Exists(store));
            Assert.True(Directory.Exists(Path.Combine(evidence, "packages")));
            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    /// <summary>Runs <c>dotnet run --project src/Vision.Service</c> from <paramref name="workingDirectory"/> until it has logged where its data is, then kills it.</summary>
    private static async Task<(string Store, string Evidence, string Key)> StartAndReadDataLocationsAsync(string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "run", "--project", Path.Combine(TestAssets.RepositoryRoot, "src", "Vision.Service"), "--configuration", "Release", "--no-build",
                     "--", "--urls", "http://127.0.0.1:0", "--Vision:Metrics:PrometheusPort", "0", "--Vision:Cameras:0:Enabled", "false",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var store = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var evidence = new TaskCompletionSource<(string Directory, string Key)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(line);
            }

            if (StoreLine().Match(line) is { Success: true } storeMatch)
            {
                store.TrySetResult(storeMatch.Groups["path"].Value);
            }

            if (EvidenceLine().Match(line) is { Success: true } evidenceMatch)
            {
                evidence.TrySetResult((evidenceMatch.Groups["store"].Value, evidenceMatch.Groups["key"].Value));
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) =>
        {
            store.TrySetException(new InvalidOperationException("The service exited before logging its data locations:\n" + string.Join('\n', output)));
            evidence.TrySetException(new InvalidOperationException("The service exited before logging its data locations:\n" + string.Join('\n', output)));
        };
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var logged = Task.WhenAll(store.Task, evidence.Task);
            await logged.WaitAsync(TimeSpan.FromMinutes(3));
            return (store.Task.Result, evidence.Task.Result.Directory, evidence.Task.Result.Key);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"Violations store ready on Sqlite at (?<path>/.+), schema version \d+")]
    private static partial Regex StoreLine();

    [GeneratedRegex(@"Evidence packages in (?<store>/.+), signed with key [0-9a-f]+ from (?<key>/.+) \(generated now")]
    private static partial Regex EvidenceLine();
}
