using Microsoft.Extensions.Options;
using Vision.Domain.Geometry;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tests.Evidence;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Evidence;

/// <summary>The real <c>vision</c> command line against packages of the real service: offline with a key file, or with the service's key.</summary>
[Collection(VisionServiceCollection.Name)]
public sealed class VerifyCommandTests(VisionServiceFixture service) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vision-cli-").FullName;

    [Fact]
    public async Task VerifyWithTheServicesKey_SaysValid_AndExitsZero()
    {
        var folder = CopyOfNewPackage();

        var (exitCode, output) = await RunAsync("verify", folder, "--server", service.Address.ToString());

        Assert.Equal(0, exitCode);
        Assert.StartsWith("VALID  ", output, StringComparison.Ordinal);
        Assert.Contains("RedLight (6.9.b) on camera hue-le-loi-01", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyWithTheServicesKeys_APackageSignedBeforeARotation_SaysValid()
    {
        var folder = CopyOfNewPackage(service.RetiredSigningKey);

        var (exitCode, output) = await RunAsync("verify", folder, "--server", service.Address.ToString());

        Assert.Equal(0, exitCode);
        Assert.Contains($"signed by  {service.RetiredSigningKey.KeyId}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAFolderWithATrailingSlash_AsTabCompletionWritesIt_SaysValid()
    {
        var folder = CopyOfNewPackage();

        var (exitCode, output) = await RunAsync("verify", folder + "/", "--server", service.Address.ToString());

        Assert.Equal(0, exitCode);
        Assert.StartsWith("VALID  ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyOffline_WithTheExportedKey_NamesEveryProblem_AndExitsOne()
    {
        var folder = CopyOfNewPackage();
        var key = Path.Combine(_root, "evidence.pub.pem");
        var (exported, pem) = await RunAsync("public-key", "--server", service.Address.ToString());
        Assert.Equal(0, exported);
        await File.WriteAllTextAsync(key, pem);
        File.Delete(Path.Combine(folder, "vehicle.jpg"));
        await File.AppendAllTextAsync(Path.Combine(folder, "overview.jpg"), "x");

        var (exitCode, output) = await RunAsync("verify", folder, "--public-key", key);

        Assert.Equal(1, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"INVALID  {folder}: 2 problem(s)", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  FileChanged        overview.jpg was changed: expected sha256 ", lines[1], StringComparison.Ordinal);
        Assert.Equal("  FileMissing        vehicle.jpg is missing", lines[2]);
    }

    [Fact]
    public async Task VerifyOffline_APackageSignedBeforeARotation_IsValidWithTheRetiredKeyBesideTheCurrentOne()
    {
        var folder = CopyOfNewPackage(service.RetiredSigningKey);
        var current = Path.Combine(_root, "evidence.pub.pem");
        var retired = Path.Combine(_root, "evidence-retired.pub.pem");
        var (exported, pem) = await RunAsync("public-key", "--server", service.Address.ToString());
        Assert.Equal(0, exported);
        await File.WriteAllTextAsync(current, pem);
        await File.WriteAllTextAsync(retired, service.RetiredSigningKey.PublicKeyPem);

        var withBoth = await RunAsync("verify", folder, "--public-key", current, "--public-key", retired);
        var withCurrentOnly = await RunAsync("verify", folder, "--public-key", current);

        Assert.Equal(0, withBoth.ExitCode);
        Assert.Contains($"signed by  {service.RetiredSigningKey.KeyId}", withBoth.Output, StringComparison.Ordinal);
        Assert.Equal(1, withCurrentOnly.ExitCode);
    }

    [Fact]
    public async Task WithoutATrustedKey_OrWithoutAPackage_NothingIsChecked_AndTheExitCodeIsNotTampering()
    {
        var folder = CopyOfNewPackage();

        var missingKeyFile = await RunAsync("verify", folder, "--public-key", Path.Combine(_root, "evidence.pub.pem"));
        var serviceAway = await RunAsync("verify", folder, "--server", "http://127.0.0.1:1");
        var noScheme = await RunAsync("verify", folder, "--server", "127.0.0.1:5180");
        var missingPackage = await RunAsync("verify", Path.Combine(_root, "no-such-package"), "--server", service.Address.ToString());

        foreach (var (exitCode, output) in new[] { missingKeyFile, serviceAway, noScheme, missingPackage })
        {
            Assert.Equal(3, exitCode);
            Assert.StartsWith("vision: could not check", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.Contains("evidence.pub.pem", missingKeyFile.Output, StringComparison.Ordinal);
        Assert.Contains("Unavailable", serviceAway.Output, StringComparison.Ordinal);
        Assert.Contains("no-such-package", missingPackage.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string CopyOfNewPackage(EvidenceSigningKey? signedWith = null)
    {
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 41, Random.Shared.NextInt64(1, 1_000_000_000), DateTimeOffset.UtcNow);
        var builder = signedWith is null
            ? service.Services.GetRequiredService<EvidencePackageBuilder>()
            : new EvidencePackageBuilder(service.Services.GetRequiredService<IEvidenceStore>(), signedWith,
                service.Services.GetRequiredService<IOptions<EvidenceOptions>>().Value, TimeProvider.System);
        var result = builder
            .Build(EvidenceSamples.RedLight(frames[20], new BoundingBox(166, 0, 780, 375), []), EvidenceSamples.Camera, frames, CancellationToken.None);
        var stored = service.Services.GetRequiredService<IEvidenceStore>().Locate(result.Reference!.PackageId)!;
        // As an officer would receive it: a copy of the folder, away from the store.
        var copy = Path.Combine(_root, result.Reference.PackageId);
        foreach (var file in Directory.EnumerateFiles(stored, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(stored, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => VisionCli.RunAsync(null, arguments);
}
