using System.Text.RegularExpressions;

namespace Vision.Architecture.Tests;

/// <summary>
/// Every machine-readable code the service sends a client (an ErrorInfo reason such as <c>MESSAGE_TOO_LARGE</c>, a
/// triage signal such as <c>CAPTURE_TIME_DAYS_APART</c>) is named in the protos its clients read: a gateway or backend
/// switching on a code it cannot look up has to guess what it means and whether to retry.
/// </summary>
public sealed partial class ErrorReasonCatalogueTests
{
    /// <summary>Upper-case names in the code that are not sent to clients.</summary>
    private static readonly HashSet<string> NotClientCodes =
    [
        "GLIBC_TUNABLES", // an environment variable (NativeHeap)
        "VISION_FRAMES", "VISION_EVENTS", // the cluster's NATS stream names
    ];

    [Fact]
    public void Every_code_the_service_sends_is_documented_in_a_proto()
    {
        var root = RepositoryRoot();
        var protos = string.Concat(Directory.EnumerateFiles(Path.Combine(root, "src", "Vision.Contracts", "Protos"), "*.proto", SearchOption.AllDirectories)
            .Select(File.ReadAllText));
        var codes = new[] { "Vision.Service", "Vision.Pipeline" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root, "src", project), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => CodeLiteral().Matches(File.ReadAllText(path)).Select(match => match.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("MESSAGE_TOO_LARGE", codes); // the scan finds codes at all
        Assert.Empty(codes.Where(code => !NotClientCodes.Contains(code) && !Regex.IsMatch(protos, $@"\b{code}\b")).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"")]
    private static partial Regex CodeLiteral();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vision.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Vision.slnx not found above the test binaries.");
    }
}
