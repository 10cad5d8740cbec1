using System.Diagnostics;
using Vision.Pipeline.Tests.Support;

namespace Vision.Service.Tests.Support;

/// <summary>The real <c>vision</c> command line, run as a child process with optional standard input.</summary>
public static class VisionCli
{
    public static Task<(int ExitCode, string Output)> RunAsync(string? standardInput, params string[] arguments) =>
        RunWithEnvironmentAsync(new Dictionary<string, string>(), standardInput, arguments);

    /// <summary>Runs with these environment variables set (beside the test's own).</summary>
    public static async Task<(int ExitCode, string Output)> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, string? standardInput,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            await process.StandardInput.WriteLineAsync(standardInput);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string Path()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = System.IO.Path.Combine(TestAssets.RepositoryRoot, "src", "Vision.Cli", "bin", configuration, "net10.0", "vision.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The vision command line is not built; build tests/Vision.Service.Tests.", path);
    }
}
