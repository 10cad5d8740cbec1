using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cli;

/// <summary>Wrong arguments and missing files give one line naming the problem and exit code 1, never a stack trace.</summary>
public sealed class CommandLineErrorTests
{
    [Theory]
    [InlineData("analyze", "/nonexistent/citizen-photo.jpg")]
    [InlineData("analyze", "--resolution", "/nonexistent/citizen-photo.jpg")]
    [InlineData("public-key", "--server", "127.0.0.1:5180")]
    [InlineData("users", "list", "--sqlite", "/nonexistent/data/visoin.db")] // a mistyped store reported a new empty one
    [InlineData("keys", "revoke", "vk_1", "--sqlite", "/nonexistent/data/visoin.db")]
    public async Task AMissingFileOrAMalformedAddress_IsOneLineAndExitCodeOne(params string[] arguments)
    {
        var (exitCode, output) = await VisionCli.RunAsync(null, arguments);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("vision: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("Mật-khẩu-đủ-dài-2026\n", "users", "add", "an.nguyen", "--role", "oficer")]
    [InlineData("ngắn\n", "users", "add", "an.nguyen", "--role", "officer")]
    public async Task AUserAddRefusedForWhatWasTyped_LeavesNoNewStoreBehind(string password, params string[] arguments)
    {
        var store = Path.Combine(Path.GetTempPath(), "vision-cli-" + Guid.NewGuid().ToString("N"), "data", "vision.db");

        var (exitCode, _) = await VisionCli.RunAsync(password, [.. arguments, "--sqlite", store]);

        Assert.Equal(2, exitCode);
        Assert.False(File.Exists(store), "a refused command created the store");
    }
}
