using Vision.Domain.Geometry;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Evidence;
using Vision.Service.Tests.Support;
using Vision.Service.Web.Review;

namespace Vision.Service.Tests.Web;

/// <summary>The violation page hashes a package's files once per state of the package, and again as soon as it changes.</summary>
[Collection(VisionServiceCollection.Name)]
public sealed class EvidenceVerdictCacheTests(VisionServiceFixture service)
{
    [Fact]
    public async Task ARenderedPackage_IsHashedOnce_UntilAFileChanges_ThenTheChangeIsFound()
    {
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 41, Random.Shared.NextInt64(1, 1_000_000_000), DateTimeOffset.UtcNow);
        var reference = service.Services.GetRequiredService<EvidencePackageBuilder>()
            .Build(EvidenceSamples.RedLight(frames[20], new BoundingBox(166, 0, 780, 375), []), EvidenceSamples.Camera, frames, CancellationToken.None).Reference!;
        var folder = service.Services.GetRequiredService<IEvidenceStore>().Locate(reference.PackageId)!;
        var verdicts = service.Services.GetRequiredService<EvidenceVerdicts>();

        var checksBefore = verdicts.FullChecks;
        Assert.Empty(verdicts.Problems(reference)!);
        Assert.Empty(verdicts.Problems(reference)!);
        Assert.Empty(verdicts.Problems(reference)!);
        Assert.Equal(checksBefore + 1, verdicts.FullChecks);

        // Same length, a later modification time: the package changed, so it is checked again and the change found.
        var overview = Path.Combine(folder, "overview.jpg");
        var bytes = await File.ReadAllBytesAsync(overview);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(overview, bytes);
        File.SetLastWriteTimeUtc(overview, DateTime.UtcNow.AddSeconds(1));

        var problems = verdicts.Problems(reference)!;
        Assert.Contains(problems, problem => problem.StartsWith("overview.jpg was changed", StringComparison.Ordinal));
        Assert.Equal(checksBefore + 2, verdicts.FullChecks);

        // Rewritten in place again with bytes of the same length, its modification time set back to what it was: the
        // change stamp (which cannot be set back) still tells the page to check the package again.
        var rewritten = await File.ReadAllBytesAsync(overview);
        var modified = File.GetLastWriteTimeUtc(overview);
        rewritten[^4] ^= 0xFF;
        await File.WriteAllBytesAsync(overview, rewritten);
        File.SetLastWriteTimeUtc(overview, modified);

        Assert.Contains(verdicts.Problems(reference)!, problem => problem.StartsWith("overview.jpg was changed", StringComparison.Ordinal));
        Assert.Equal(checksBefore + 3, verdicts.FullChecks);

        // A file the package never had appears.
        await File.WriteAllTextAsync(Path.Combine(folder, "extra.txt"), "added later");
        Assert.Contains(verdicts.Problems(reference)!, problem => problem.Contains("extra.txt", StringComparison.Ordinal));
        Assert.Equal(checksBefore + 4, verdicts.FullChecks);
    }

    [Fact]
    public void NoMoreVerdictsAreRememberedThanTheBound_AndTheOnesForgottenAreCheckedAgain()
    {
        var builder = service.Services.GetRequiredService<EvidencePackageBuilder>();
        var references = Enumerable.Range(0, 3).Select(_ =>
        {
            var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 41, Random.Shared.NextInt64(1, 1_000_000_000), DateTimeOffset.UtcNow);
            return builder.Build(EvidenceSamples.RedLight(frames[20], new BoundingBox(166, 0, 780, 375), []), EvidenceSamples.Camera, frames, CancellationToken.None).Reference!;
        }).ToList();
        var verdicts = new EvidenceVerdicts(service.Services.GetRequiredService<IEvidenceStore>(),
            service.Services.GetRequiredService<Vision.Evidence.Verification.TrustedKeys>(), maxRemembered: 2);

        foreach (var reference in references)
        {
            Assert.Empty(verdicts.Problems(reference)!);
            Assert.True(verdicts.Remembered <= 2);
        }

        Assert.Empty(verdicts.Problems(references[2])!);
        Assert.Empty(verdicts.Problems(references[0])!);
        Assert.Equal(4, verdicts.FullChecks);
    }
}
