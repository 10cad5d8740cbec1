using System.Diagnostics;
using System.Text;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Service.Tests.Review;

namespace Vision.Service.Tests.Hostile;

/// <summary>Links and special files planted in the evidence store are never served, followed or opened.</summary>
[Collection(ReviewServiceCollection.Name)]
public sealed class EvidenceStoreLinkTests(ReviewServiceFixture service)
{
    [Fact]
    public async Task APackageFolderThatIsALink_IsNeverServed()
    {
        var packageId = "20261128T010000000Z_linked_redlight_t1_s" + Random.Shared.Next(1_000_000);
        Directory.CreateSymbolicLink(Path.Combine(service.EvidenceRoot, packageId), "/etc");
        var review = new Contracts.V1.Review.ReviewClient(service.Channel);

        using var call = review.GetEvidenceFile(new GetEvidenceFileRequest { PackageId = packageId, FileName = "passwd" });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);

        var verify = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.V1.Evidence.EvidenceClient(service.Channel).VerifyPackageAsync(new VerifyPackageRequest { PackageId = packageId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, verify.StatusCode);
    }

    [Fact]
    public async Task ALinkToProcAndAFifoInsideAPackage_AreReportedNotFollowedOrOpened()
    {
        var packageId = "20261128T010000000Z_planted_redlight_t1_s" + Random.Shared.Next(1_000_000);
        var package = Path.Combine(service.EvidenceRoot, packageId);
        Directory.CreateDirectory(package);
        await File.WriteAllTextAsync(Path.Combine(package, "manifest.json"), "{}", Encoding.UTF8);
        Directory.CreateSymbolicLink(Path.Combine(package, "proc"), "/proc");
        MakeFifo(Path.Combine(package, "overview.jpg"));
        var review = new Contracts.V1.Review.ReviewClient(service.Channel);

        using var fifo = review.GetEvidenceFile(new GetEvidenceFileRequest { PackageId = packageId, FileName = "overview.jpg" },
            deadline: DateTime.UtcNow.AddSeconds(30));
        var refused = await Assert.ThrowsAsync<RpcException>(() => fifo.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);

        using var through = review.GetEvidenceFile(new GetEvidenceFileRequest { PackageId = packageId, FileName = "proc/self/environ" });
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => through.ResponseStream.MoveNext(CancellationToken.None))).StatusCode);

        var verified = await new Contracts.V1.Evidence.EvidenceClient(service.Channel).VerifyPackageAsync(
            new VerifyPackageRequest { PackageId = packageId }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.False(verified.Valid);
        Assert.Contains(verified.Problems, problem => problem.File == "proc" && problem.Description.Contains("symbolic link", StringComparison.Ordinal));
        Assert.Contains(verified.Problems, problem => problem.File == "overview.jpg" && problem.Description.Contains("special file", StringComparison.Ordinal));
        Assert.DoesNotContain(verified.Problems, problem => problem.File.StartsWith("proc/", StringComparison.Ordinal));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
