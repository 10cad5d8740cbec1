using System.Diagnostics;
using System.Text.Json;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Setup;

/// <summary>The set-up step's model provisioning (scripts/provision_models.py), run for real on temporary folders.</summary>
public sealed class ModelProvisioningTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("vision-provision-").FullName;

    [Fact]
    public void Provisioning_CopiesAndVerifies_AndIsIdempotent()
    {
        var (target, source) = Prepare(("good.onnx", "model bytes", Sha256("model bytes")));

        var first = RunProvisioning(target, source);
        var second = RunProvisioning(target, source);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("model bytes", File.ReadAllText(Path.Combine(target, "good.onnx")));
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("good.onnx <-", second.Output); // already verified, not copied again
    }

    [Fact]
    public void Provisioning_StopsAndNamesEveryMissingOrCorruptFile()
    {
        var (target, source) = Prepare(
            ("corrupt.onnx", "tampered bytes", Sha256("original bytes")),
            ("missing.onnx", null, Sha256("whatever")));

        var result = RunProvisioning(target, source);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("corrupt.onnx: corrupt copy", result.Output);
        Assert.Contains("missing.onnx: missing from", result.Output);
        Assert.False(File.Exists(Path.Combine(target, "corrupt.onnx")), "a corrupt file must not be left in place");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private (string Target, string Source) Prepare(params (string File, string? Content, string Sha256)[] models)
    {
        var target = Directory.CreateDirectory(Path.Combine(_work, "models")).FullName;
        var source = Directory.CreateDirectory(Path.Combine(_work, "source")).FullName;
        var manifest = new
        {
            models = models.Select(m => new { name = m.File, file = m.File, sha256 = m.Sha256, upstream = "none: test fixture" }),
        };
        File.WriteAllText(Path.Combine(target, "manifest.json"), JsonSerializer.Serialize(manifest));
        foreach (var model in models.Where(m => m.Content is not null))
        {
            File.WriteAllText(Path.Combine(source, model.File), model.Content);
        }

        return (target, source);
    }

    private static (int ExitCode, string Output) RunProvisioning(string target, string source)
    {
        var start = new ProcessStartInfo("python3", Path.Combine(TestAssets.RepositoryRoot, "scripts", "provision_models.py"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["VISION_MODEL_DIR"] = target;
        start.Environment["VISION_MODEL_SOURCE"] = source;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private static string Sha256(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
}
