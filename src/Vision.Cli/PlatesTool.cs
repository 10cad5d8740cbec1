using System.Diagnostics;

namespace Vision.Cli;

/// <summary>
/// <c>vision plates ...</c>: runs the <c>vision-plates</c> tool built beside this program (in its <c>plates</c> folder)
/// with the arguments after <c>plates</c>, sharing this console, and returns its exit code.
/// </summary>
internal static class PlatesTool
{
    private const string ToolFolder = "plates";
    private const string ToolAssembly = "vision-plates.dll";

    public static async Task<int> RunAsync(string[] arguments, TextWriter error, CancellationToken cancellationToken)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, ToolFolder, ToolAssembly);
        if (!File.Exists(tool))
        {
            error.WriteLine($"vision plates: the plate tools are not installed ({tool} is missing); build src/Vision.Cli.");
            return 1;
        }

        var start = new ProcessStartInfo(DotnetHost(), [tool, .. arguments]) { UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    /// <summary>The dotnet host running this program (when started as <c>dotnet vision.dll</c>), else the one on the path.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
