using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cli;

/// <summary>Wrong arguments and missing files give one line naming the problem and exit code 1, never a stack trace.</summary>
public sealed class CommandLineErrorTests
{
    [Theory]
    [InlineData("analyze", "/nonexistent/citizen-photo.jpg")]
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
    [InlineData("--sqlite needs a value", "users", "add", "an.nguyen", "--role", "officer", "--sqlite")] // the default store was created instead
    [InlineData("unknown option --publickey", "verify", "/nonexistent/package", "--publickey", "evidence.pub.pem")] // the service was asked instead
    [InlineData("--public-key needs a value", "verify", "/nonexistent/package", "--public-key")]
    [InlineData("--resolution needs a value", "analyze", "/nonexistent/citizen-photo.jpg", "--resolution")]
    [InlineData("an argument is missing", "analyze", "--resolution", "/nonexistent/citizen-photo.jpg")] // read a photo named --resolution
    [InlineData("usage: vision keys", "keys", "revoke", "--sqlite", "/nonexistent/data/vision.db")]
    [InlineData("too many arguments", "users", "list", "extra", "--sqlite", "/nonexistent/data/vision.db")]
    [InlineData("an argument is missing", "plates", "export-corrections", "--since", "2026-11-01")]
    [InlineData("not sent in clear", "analyze", "/nonexistent/citizen-photo.jpg", "--server", "http://10.1.2.3:5180", "--api-key", "vk_secret")]
    public async Task AnOptionUnknownOrWithoutItsValue_OrAnArgumentMissing_IsNamed_AndExitCodeTwo(string named, params string[] arguments)
    {
        var (exitCode, output) = await VisionCli.RunAsync(null, arguments);

        Assert.Equal(2, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
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
