using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using Google.Rpc;
using Grpc.Core;
using Vision.Contracts.V1;
using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Microsoft.Extensions.Logging.Abstractions;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Rules;
using Vision.Service.Hosting;
using EvidenceReference = Vision.Domain.Violations.EvidenceReference;
using SigningKeyId = Vision.Evidence.Verification.SigningKeyId;
using TrustedKeys = Vision.Evidence.Verification.TrustedKeys;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Evidence;
using Vision.Service.Grpc;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Evidence;

/// <summary>vision.v1.Evidence on the real service: packages built by the service's own builder into its own store.</summary>
[Collection(VisionServiceCollection.Name)]
public sealed class EvidenceServiceTests(VisionServiceFixture service)
{
    private Contracts.V1.Evidence.EvidenceClient Client => new(service.Channel);

    [Fact]
    public async Task GetPublicKey_ExportsTheKeyThatSignsManifests()
    {
        var response = await Client.GetPublicKeyAsync(new GetPublicKeyRequest());

        using var exported = ECDsa.Create();
        exported.ImportFromPem(response.PublicKeyPem);
        Assert.Equal(response.KeyId, SigningKeyId.Of(exported));
        Assert.Equal(service.Services.GetRequiredService<EvidenceSigningKey>().KeyId, response.KeyId);
        Assert.Equal("ECDSA-P256-SHA256", response.Algorithm);
        Assert.Equal(256, exported.KeySize);
    }

    [Fact]
    public async Task VerifyPackage_ConfirmsAnIntactPackage_AndNamesTheFileChangedAfterwards()
    {
        var (reference, folder) = BuildPackage();

        var intact = await Client.VerifyPackageAsync(new VerifyPackageRequest { PackageId = reference.PackageId });

        Assert.True(intact.Valid, string.Join("; ", intact.Problems.Select(p => p.Description)));
        Assert.Empty(intact.Problems);
        Assert.Equal(reference.ManifestSha256, intact.ManifestSha256);
        Assert.Equal("RedLight", intact.ViolationKind);
        Assert.Equal(EvidenceSamples.Camera.Id, intact.CameraId);
        Assert.True(intact.FilesChecked >= 6);
        Assert.False(intact.Held);

        var overview = Path.Combine(folder, "overview.jpg");
        var bytes = await File.ReadAllBytesAsync(overview);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(overview, bytes);
        Assert.True(service.Services.GetRequiredService<IEvidenceStore>().Hold(reference.PackageId));

        var tampered = await Client.VerifyPackageAsync(new VerifyPackageRequest { PackageId = reference.PackageId });

        Assert.False(tampered.Valid);
        var problem = Assert.Single(tampered.Problems);
        Assert.Equal((VerificationProblemKind.FileChanged, "overview.jpg"), (problem.Kind, problem.File));
        Assert.Equal($"sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}, {bytes.Length} bytes", problem.Actual);
        Assert.True(tampered.Held);
    }

    [Fact]
    public async Task VerifyPackage_OfAManifestEditedToNullItsCamera_IsInvalid_AndRepeatsNoneOfItsClaims()
    {
        var (reference, folder) = BuildPackage();
        var manifestPath = Path.Combine(folder, "manifest.json");
        var edited = System.Text.RegularExpressions.Regex.Replace(await File.ReadAllTextAsync(manifestPath), "\"camera\": *\\{[^}]*\\}", "\"camera\": null");
        Assert.Contains("\"camera\": null", edited, StringComparison.Ordinal);
        await File.WriteAllTextAsync(manifestPath, edited);

        var verified = await Client.VerifyPackageAsync(new VerifyPackageRequest { PackageId = reference.PackageId });

        Assert.False(verified.Valid);
        Assert.Contains(verified.Problems, problem => problem.Kind == VerificationProblemKind.SignatureInvalid);
        Assert.Equal((string.Empty, string.Empty, string.Empty), (verified.ViolationId, verified.ViolationKind, verified.CameraId));
        Assert.Null(verified.OccurredAt);
    }

    [Fact]
    public async Task AfterAKeyRotation_PackagesTheRetiredKeySigned_StillVerify_AndItsPublicKeyIsServedByItsId()
    {
        var (reference, _) = BuildPackage(service.RetiredSigningKey);

        var verified = await Client.VerifyPackageAsync(new VerifyPackageRequest { PackageId = reference.PackageId });
        var retired = await Client.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = service.RetiredSigningKey.KeyId });

        Assert.True(verified.Valid, string.Join("; ", verified.Problems.Select(p => p.Description)));
        Assert.Equal(service.RetiredSigningKey.KeyId, verified.TrustedKeyId);
        Assert.Equal((service.RetiredSigningKey.KeyId, service.RetiredSigningKey.PublicKeyPem), (retired.KeyId, retired.PublicKeyPem));
    }

    [Fact]
    public async Task APackageSignedByAKeyNeverTrusted_IsSignedByAnotherKey_AndThatKeyIsNotServed()
    {
        using var stranger = EvidenceSigningKey.LoadOrCreate(Path.Combine(Directory.CreateTempSubdirectory("vision-stranger-key-").FullName, "key.pem"));
        var (reference, _) = BuildPackage(stranger);

        var verified = await Client.VerifyPackageAsync(new VerifyPackageRequest { PackageId = reference.PackageId });
        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = stranger.KeyId }).ResponseAsync);

        Assert.False(verified.Valid);
        Assert.Equal(VerificationProblemKind.SignedByOtherKey, Assert.Single(verified.Problems).Kind);
        Assert.Equal(service.Services.GetRequiredService<EvidenceSigningKey>().KeyId, verified.TrustedKeyId);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Equal(EvidenceService.KeyNotTrusted, refused.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task VerifyPackage_OfAPackageRetentionDeletesDuringTheCheck_IsNotFound_NotTampered()
    {
        var (reference, _) = BuildPackage();
        // The sweep moves the folder away just after the lookup: the verifier reads a folder with nothing left in it.
        var emptied = Directory.CreateTempSubdirectory("vision-swept-").FullName;
        try
        {
            var store = new DeletedDuringTheCheck(service.Services.GetRequiredService<IEvidenceStore>(), emptied);
            var evidence = new EvidenceService(store, service.Services.GetRequiredService<TrustedKeys>());

            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                evidence.VerifyPackage(new VerifyPackageRequest { PackageId = reference.PackageId }, new TestCallContext()));

            Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        }
        finally
        {
            Directory.Delete(emptied, recursive: true);
        }
    }

    [Fact]
    public void Each_camera_enters_evidence_once_through_its_feed_which_sees_each_frame_first()
    {
        var recorder = service.Services.GetRequiredService<EvidenceRecorder>();
        var camera = new CameraStageContext(new CameraDefinition { Id = "composition-check", Name = "composition check" }, new FrameHistory(10), new CameraEventHub(), ObjectClasses.Coco);

        var stages = new CameraStages(null, null, recorder, NullLogger<ViolationEventSink>.Instance).Create(camera);

        Assert.Equal("composition-check", Assert.IsType<CameraEvidenceFeed>(Assert.Single(stages)).CameraId);
        // No process-wide sink or stage list: the composition root wires each camera's violations to its own feed.
        Assert.Null(service.Services.GetService<IViolationSink>());
        Assert.Empty(service.Services.GetServices<IFrameResultConsumerFactory>());
        Assert.IsType<Vision.Service.Cases.CaseEvidenceRecorder>(service.Services.GetRequiredService<IViolationRecorder>());
    }

    [Fact]
    public async Task VerifyPackage_OfAnUnknownPackage_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.VerifyPackageAsync(new VerifyPackageRequest { PackageId = "20200101T000000000Z_nowhere_redlight_t1_s1" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal(("vision.v1", EvidenceService.PackageNotFound), (info.Domain, info.Reason));
        Assert.Equal("20200101T000000000Z_nowhere_redlight_t1_s1", info.Metadata["package_id"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("not-a-package")]
    public async Task VerifyPackage_OfAMalformedId_IsInvalidArgument(string packageId)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.VerifyPackageAsync(new VerifyPackageRequest { PackageId = packageId }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(EvidenceService.PackageIdInvalid, error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    /// <summary>A store whose package is found once, at a folder emptied meanwhile, and is gone from then on.</summary>
    private sealed class DeletedDuringTheCheck(IEvidenceStore store, string emptiedFolder) : IEvidenceStore
    {
        private int _lookups;

        public string? Locate(string packageId) => Interlocked.Increment(ref _lookups) == 1 ? emptiedFolder : null;

        public PackageDraft BeginPackage(string packageId) => store.BeginPackage(packageId);

        public bool Commit(PackageDraft draft) => store.Commit(draft);

        public bool Hold(string packageId) => store.Hold(packageId);

        public void ReleaseHold(string packageId) => store.ReleaseHold(packageId);

        public bool IsHeld(string packageId) => store.IsHeld(packageId);

        public RetentionSweepResult SweepExpired() => store.SweepExpired();
    }

    private (EvidenceReference Reference, string Folder) BuildPackage(EvidenceSigningKey? signedWith = null)
    {
        // Captured now (the service's retention runs on the real clock), with a sequence no earlier run used.
        var frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 41, Random.Shared.NextInt64(1, 1_000_000_000), DateTimeOffset.UtcNow);
        var candidate = EvidenceSamples.RedLight(frames[20], new BoundingBox(166, 0, 780, 375), []);
        var builder = signedWith is null
            ? service.Services.GetRequiredService<EvidencePackageBuilder>()
            : new EvidencePackageBuilder(service.Services.GetRequiredService<IEvidenceStore>(), signedWith,
                service.Services.GetRequiredService<IOptions<EvidenceOptions>>().Value, TimeProvider.System);
        var result = builder.Build(candidate, EvidenceSamples.Camera, frames, CancellationToken.None);
        Assert.NotNull(result.Reference);
        Assert.False(result.AlreadyStored);
        return (result.Reference, service.Services.GetRequiredService<IEvidenceStore>().Locate(result.Reference.PackageId)!);
    }
}
