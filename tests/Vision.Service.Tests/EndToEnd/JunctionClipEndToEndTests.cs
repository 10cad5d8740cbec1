using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenCvSharp;
using Vision.Contracts.V1;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Support.Rendering;
using Vision.Service.Hosting;
using Vision.Service.Security;
using Vision.Service.Tests.Review;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.EndToEnd;

/// <summary>
/// The whole violation path in one real service: a gateway streams the rendered junction clip over gRPC; the real
/// detector, tracker and rules raise the violations; evidence packages are sealed; the store records them and alerts
/// go out; an officer confirms one and rejects the other; only the confirmed one reaches the (flaky) Open311 backend,
/// exactly once, with the redacted overview as its media.
/// </summary>
public sealed class JunctionClipEndToEndTests : IAsyncLifetime
{
    private const string CameraId = "hue-junction-1";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    private WebApplication? _app;
    private FlakyOpen311Backend _backend = null!;
    private GrpcChannel _channel = null!;
    private TestTokenIssuer _issuer = null!;

    public async Task InitializeAsync()
    {
        await RenderedJunctionService.WriteScenesAsync(_folder);
        _backend = await FlakyOpen311Backend.StartAsync(seed: 11, lateAnswer: TimeSpan.FromSeconds(1.2));
        _issuer = await TestTokenIssuer.StartAsync();
        _app = VisionApp.Build(["--urls", "http://127.0.0.1:0", .. RenderedJunctionService.Arguments(_folder, CameraId, _backend.BaseUrl), .. _issuer.ServiceArguments]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        // The gateway and officer csgt-hue-017 (who also closes cases), as identities from the identity provider.
        _channel = CredentialHandler.BearerChannel(new Uri(address), _issuer.IssueWithClaims(new Dictionary<string, object>
        {
            ["sub"] = "csgt-hue-017", ["preferred_username"] = "csgt-hue-017",
            ["roles"] = new[] { VisionRoles.Officer, VisionRoles.Supervisor, VisionRoles.CameraGateway }, ["cameras"] = new[] { CameraId },
        }));
    }

    [Fact]
    public async Task RenderedJunction_StreamedByAGateway_BecomesReviewedEvidenceBackedReports_DeliveredOnce()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var alerts = new List<Alert>();
        var subscription = CollectAlertsAsync(alerts, cancel.Token);

        await StreamClipLosslesslyAsync(cancel.Token);

        var review = new Contracts.V1.Review.ReviewClient(_channel);
        var violations = await WaitForViolationsAsync(review, 2, cancel.Token);
        var sidewalk = Assert.Single(violations, v => v.Kind == ViolationKind.Sidewalk);
        var redLight = Assert.Single(violations, v => v.Kind == ViolationKind.RedLight);
        // The frames the rules test pins down, on the same rendered clip.
        Assert.InRange(sidewalk.Sequence, 23, 27);
        Assert.InRange(redLight.Sequence, 63, 67);
        Assert.Equal(("motorcycle", "car", "6.9.b"), (sidewalk.ObjectClass, redLight.ObjectClass, redLight.Legal.Code));
        Assert.All(violations, v => Assert.Equal((ReviewStatus.Pending, CameraId, 16.4612), (v.Status, v.CameraId, v.Location.Latitude)));

        // Each violation has a sealed package that the evidence verifier accepts with the service's key.
        var store = _app!.Services.GetRequiredService<LocalEvidenceStore>();
        using var trustedKey = _app.Services.GetRequiredService<EvidenceSigningKey>().CreateVerifier();
        foreach (var violation in violations)
        {
            var detail = await review.GetViolationAsync(new GetViolationRequest { Id = violation.Id }, cancellationToken: cancel.Token);
            Assert.Equal(EvidenceVerification.ManifestMatches, detail.Evidence.Verification);
            Assert.True(detail.Evidence.SignatureVerified, string.Join("; ", detail.Evidence.VerificationProblems));
            var verification = PackageVerifier.Verify(store.Locate(violation.Evidence.PackageId)!, trustedKey);
            Assert.True(verification.IsValid, string.Join("; ", verification.Problems));
            Assert.Contains(detail.Evidence.Files, file => file.Name == "clip.mp4");
        }

        // The officer sees the overview streamed from the package.
        var overview = await DownloadAsync(review, redLight.Evidence.PackageId, "overview.jpg", cancel.Token);
        using (var image = Cv2.ImDecode(overview, ImreadModes.Color))
        {
            Assert.Equal((StreetClip.Width, StreetClip.Height), (image.Width, image.Height));
        }

        // Both were announced as they were recorded.
        await Polling.UntilAsync(() => Snapshot(alerts).Count(a => a.Kind == AlertKind.Violation) >= 2, cancel.Token);
        Assert.Equal(violations.Select(v => v.Id).Order(), Snapshot(alerts).Where(a => a.Kind == AlertKind.Violation).Select(a => a.ViolationId).Order());

        await review.DecideAsync(new DecideRequest
        {
            ViolationId = redLight.Id, ExpectedVersion = redLight.Version, OfficerId = "csgt-hue-017", Outcome = ReviewStatus.Confirmed,
        }, cancellationToken: cancel.Token);
        await review.DecideAsync(new DecideRequest
        {
            ViolationId = sidewalk.Id, ExpectedVersion = sidewalk.Version, OfficerId = "csgt-hue-017", Outcome = ReviewStatus.Rejected,
            RejectReason = RejectReason.InsufficientEvidence,
        }, cancellationToken: cancel.Token);

        // Only the confirmed violation is reported, once, despite refusals and late answers.
        await Polling.UntilAsync(() => _backend.Received.ContainsKey(redLight.Id), cancel.Token);
        var delivered = await review.GetViolationAsync(new GetViolationRequest { Id = redLight.Id }, cancellationToken: cancel.Token);
        await Polling.UntilAsync(async () => (await review.GetViolationAsync(new GetViolationRequest { Id = redLight.Id }, cancellationToken: cancel.Token))
            .Violation.Delivery.Status == DeliveryStatus.Sent, cancel.Token);
        Assert.Equal([redLight.Id], _backend.Received.Keys);
        Assert.Equal(1, _backend.ServiceRequestsCreated);
        var request = _backend.Received[redLight.Id];
        Assert.Equal($"https://evidence.hue.gov.vn/packages/{redLight.Evidence.PackageId}/redacted/overview.jpg", request["media_url"]);
        Assert.True(File.Exists(Path.Combine(store.Locate(redLight.Evidence.PackageId)!, "redacted", "overview.jpg")));
        Assert.Equal(("16.4612", "107.5953"), (request["lat"], request["long"]));

        // Confirmed evidence is kept past retention until the case closes; rejected evidence is not.
        Assert.True(store.IsHeld(redLight.Evidence.PackageId));
        Assert.False(store.IsHeld(sidewalk.Evidence.PackageId));
        Assert.Equal(ReviewStatus.Confirmed, delivered.Violation.Status);

        // When the case closes, retention applies again; a case closes once, and only a confirmed one has a case.
        await review.CloseCaseAsync(new CloseCaseRequest { ViolationId = redLight.Id, OfficerId = "csgt-hue-017", Note = "biên lai 0042" },
            cancellationToken: cancel.Token);
        Assert.False(store.IsHeld(redLight.Evidence.PackageId));
        var again = await Assert.ThrowsAsync<RpcException>(async () => await review.CloseCaseAsync(
            new CloseCaseRequest { ViolationId = redLight.Id, OfficerId = "csgt-hue-017" }, cancellationToken: cancel.Token));
        Assert.Equal((StatusCode.FailedPrecondition, "CASE_ALREADY_CLOSED"), (again.StatusCode, again.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Reason));
        var rejected = await Assert.ThrowsAsync<RpcException>(async () => await review.CloseCaseAsync(
            new CloseCaseRequest { ViolationId = sidewalk.Id, OfficerId = "csgt-hue-017" }, cancellationToken: cancel.Token));
        Assert.Equal("CASE_NOT_CONFIRMED", rejected.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Reason);
        var audit = (await review.GetViolationAsync(new GetViolationRequest { Id = redLight.Id }, cancellationToken: cancel.Token)).Audit;
        Assert.Single(audit, entry => entry.Action == "case closed" && entry.Actor == "csgt-hue-017" && entry.Detail == "biên lai 0042");

        await cancel.CancelAsync();
        await subscription;
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await _backend.DisposeAsync();
        await _issuer.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing background write; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Sends each frame only after the previous one completed, as a gateway replaying a recording would, so nothing is shed.</summary>
    private async Task StreamClipLosslesslyAsync(CancellationToken cancellationToken)
    {
        var frames = StreetClip.Render();
        await using var gateway = await GatewayClient.OpenAsync(_channel, CameraId);
        for (var sequence = 0; sequence < frames.Count; sequence++)
        {
            await gateway.SendAsync(sequence, frames[sequence]);
            var sent = (ulong)sequence;
            await Polling.UntilAsync(() => gateway.Completed.Any(c => c.Sequence == sent), cancellationToken);
        }

        await gateway.FinishAsync();
        Assert.Empty(gateway.Dropped);
        Assert.Equal(frames.Count, gateway.Completed.Count());
    }

    private async Task CollectAlertsAsync(List<Alert> alerts, CancellationToken cancellationToken)
    {
        using var call = new Alerts.AlertsClient(_channel).Subscribe(new SubscribeAlertsRequest { FromPosition = 0 }, cancellationToken: cancellationToken);
        try
        {
            await foreach (var alert in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                lock (alerts)
                {
                    alerts.Add(alert);
                }
            }
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled)
        {
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static List<Alert> Snapshot(List<Alert> alerts)
    {
        lock (alerts)
        {
            return [.. alerts];
        }
    }

    private async Task<IReadOnlyList<Violation>> WaitForViolationsAsync(Contracts.V1.Review.ReviewClient review, int count, CancellationToken cancellationToken)
    {
        // Every frame was processed, so every violation of the clip was raised: once none of them is left unrecorded,
        // the list is complete, and nothing else can arrive.
        var recorder = _app!.Services.GetRequiredService<EvidenceRecorder>();
        await Polling.UntilAsync(() => !recorder.HasUnrecorded(CameraId), cancellationToken);
        var violations = (await review.ListViolationsAsync(new ListViolationsRequest { CameraId = CameraId }, cancellationToken: cancellationToken)).Violations;
        Assert.Equal(count, violations.Count);
        return violations;
    }

    private static async Task<byte[]> DownloadAsync(Contracts.V1.Review.ReviewClient review, string packageId, string fileName, CancellationToken cancellationToken)
    {
        using var call = review.GetEvidenceFile(new GetEvidenceFileRequest { PackageId = packageId, FileName = fileName }, cancellationToken: cancellationToken);
        using var bytes = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            chunk.Data.WriteTo(bytes);
        }

        return bytes.ToArray();
    }
}
