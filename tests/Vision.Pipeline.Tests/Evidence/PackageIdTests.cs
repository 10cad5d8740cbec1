using System.Text.Json;
using Vision.Domain.Geometry;
using Vision.Domain.Violations;
using Vision.Evidence.Verification;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Tests.Evidence;

public sealed class PackageIdTests : IDisposable
{
    private static readonly BoundingBox Car = new(166, 0, 780, 375);
    private readonly EvidenceWorkspace _workspace = new();
    private readonly IReadOnlyList<EncodedFrame> _frames = EvidenceSamples.PhotoFrames("images/vn_car_3.jpg", 41);

    [Theory]
    [InlineData("cam_1", "20261128T003002000Z_cam.-1_redlight_t7_s120")]
    [InlineData("cam-1", "20261128T003002000Z_cam-1_redlight_t7_s120")]
    [InlineData("cam.1", "20261128T003002000Z_cam..1_redlight_t7_s120")]
    [InlineData("hue-le-loi-01", "20261128T003002000Z_hue-le-loi-01_redlight_t7_s120")]
    public void CameraIds_AreEscaped_DashedIdsKeepTheirFormerForm(string cameraId, string expected)
    {
        var id = PackageId.For(ViolationOf(cameraId));

        Assert.Equal(expected, id);
        Assert.True(PackageId.IsWellFormed(id));
    }

    [Fact]
    public void NoTwoCameraIds_ShareAPackageId()
    {
        // Every camera id of up to five characters from letters, digits and the three punctuation marks ids may hold.
        var alphabet = new[] { 'a', '1', '.', '_', '-' };
        var cameraIds = new List<string> { "a", "1" };
        for (var length = 2; length <= 5; length++)
        {
            cameraIds.AddRange(cameraIds.Where(id => id.Length == length - 1).SelectMany(id => alphabet.Select(c => id + c)).ToList());
        }

        var ids = cameraIds.Select(cameraId => PackageId.For(ViolationOf(cameraId))).ToList();

        Assert.Equal(2 * (1 + 5 + 25 + 125 + 625), ids.Count);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(PackageId.IsWellFormed(id), id));
    }

    [Fact]
    public void CamerasWhoseIdsDifferOnlyInUnderscoreAndDash_EachGetTheirOwnSignedPackage_ForViolationsAtTheSameMoment()
    {
        var underscore = Build("cam_1");
        var dash = Build("cam-1");

        Assert.False(underscore.AlreadyStored);
        Assert.False(dash.AlreadyStored);
        Assert.NotEqual(underscore.Reference!.PackageId, dash.Reference!.PackageId);
        Assert.Equal("cam_1", VerifiedManifest(underscore.Reference.PackageId).Camera.Id);
        Assert.Equal("cam-1", VerifiedManifest(dash.Reference.PackageId).Camera.Id);
    }

    [Fact]
    public void APackageSealedUnderTheFormerId_IsStillFoundForItsViolation_ButNeverForAnotherCameras()
    {
        // What the previous version sealed for camera cam_1: the same package under the id it gave ("cam-1").
        var current = Build("cam_1").Reference!;
        var legacyId = PackageId.LegacyFor(ViolationOf("cam_1"));
        ResealUnder(legacyId, current.PackageId);
        Directory.Delete(_workspace.Store.Locate(current.PackageId)!, recursive: true);

        var found = _workspace.Builder.StoredPackageOf(ViolationOf("cam_1"));

        Assert.Equal(legacyId, found!.PackageId);
        Assert.Equal("cam_1", VerifiedManifest(legacyId).Camera.Id);
        // Camera cam-1's violation at the same moment has that very id in its former and current form: it is not cam_1's package.
        Assert.Equal(legacyId, PackageId.For(ViolationOf("cam-1")));
        Assert.Null(_workspace.Builder.StoredPackageOf(ViolationOf("cam-1")));
        // It gets a package of its own, under an id of its own.
        var other = Build("cam-1");
        Assert.Equal(PackageId.DisambiguatedFor(ViolationOf("cam-1")), other.Reference!.PackageId);
        Assert.Equal("cam-1", VerifiedManifest(other.Reference.PackageId).Camera.Id);
        Assert.Equal("cam_1", VerifiedManifest(legacyId).Camera.Id);
        Assert.Equal(other.Reference, _workspace.Builder.StoredPackageOf(ViolationOf("cam-1")));
    }

    [Fact]
    public void TwoViolationsOfOneVehicleInOneFrame_EachGetTheirOwnSignedPackage_AndAReplayFindsEach()
    {
        // The same car stopping across two overlapping no-stopping zones: one kind, one track, one frame, two violations.
        var first = ViolationOf("hue-le-loi-01") with { ZoneName = "bus stop" };
        var second = first with { Id = first.Id + ":school-gate", ZoneName = "school gate" };
        var camera = new CameraDefinition { Id = "hue-le-loi-01", Name = "Lê Lợi", Latitude = 16.4637, Longitude = 107.5909, ExpectedFramesPerSecond = 10 };
        var frames = _frames.Select(f => f with { CameraId = camera.Id }).ToList();

        var firstBuilt = _workspace.Builder.Build(first, camera, frames, CancellationToken.None);
        var secondBuilt = _workspace.Builder.Build(second, camera, frames, CancellationToken.None);
        var replayed = _workspace.Builder.Build(second, camera, frames, CancellationToken.None);

        Assert.Equal(PackageId.For(first), firstBuilt.Reference!.PackageId);
        Assert.Equal(PackageId.DisambiguatedFor(second), secondBuilt.Reference!.PackageId);
        Assert.Equal(("bus stop", "school gate"), (VerifiedManifest(firstBuilt.Reference.PackageId).ZoneName, VerifiedManifest(secondBuilt.Reference.PackageId).ZoneName));
        Assert.True(replayed.AlreadyStored);
        Assert.Equal(secondBuilt.Reference, replayed.Reference);
    }

    [Fact]
    public async Task APackageWhoseManifestIsGone_OrIsAFifo_IsNotLinked_AndDoesNotStopTheLookup()
    {
        // Recovery looks up the package of every violation an earlier run left: one damaged folder must not throw or block it.
        var gone = Build("cam-gone").Reference!;
        File.Delete(Path.Combine(_workspace.Store.Locate(gone.PackageId)!, PackageLayout.ManifestFile));
        var fifo = Build("cam-fifo").Reference!;
        var fifoManifest = Path.Combine(_workspace.Store.Locate(fifo.PackageId)!, PackageLayout.ManifestFile);
        File.Delete(fifoManifest);
        Assert.Equal(0, MakeFifo(fifoManifest, 0b110_100_100));

        // A read of the FIFO would wait for a writer for ever: the time limit turns that into a failure.
        var found = await Task.Run(() => (_workspace.Builder.StoredPackageOf(ViolationOf("cam-gone")), _workspace.Builder.StoredPackageOf(ViolationOf("cam-fifo"))))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((null, null), found);
        var intact = Build("cam-intact").Reference!;
        Assert.Equal(intact, _workspace.Builder.StoredPackageOf(ViolationOf("cam-intact")));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, uint mode);

    public void Dispose() => _workspace.Dispose();

    private ViolationCandidate ViolationOf(string cameraId)
    {
        var sample = EvidenceSamples.RedLight(_frames[20], Car, EvidenceSamples.PathTo(Car, _frames, _frames[20].Sequence));
        return sample with
        {
            Id = ViolationCandidate.CreateId(cameraId, ViolationKind.RedLight, 7, _frames[20].CapturedAt.AddSeconds(-2), _frames[20].Sequence - 5),
            CameraId = cameraId,
        };
    }

    private EvidenceBuildResult Build(string cameraId)
    {
        var camera = new CameraDefinition { Id = cameraId, Name = "camera " + cameraId, Latitude = 16.4637, Longitude = 107.5909, ExpectedFramesPerSecond = 10 };
        var frames = _frames.Select(f => f with { CameraId = cameraId }).ToList();
        return _workspace.Builder.Build(ViolationOf(cameraId), camera, frames, CancellationToken.None);
    }

    private EvidenceManifest VerifiedManifest(string packageId)
    {
        using var trusted = EvidenceSigningKey.ImportPublicKey(_workspace.Key.PublicKeyPem);
        var verification = PackageVerifier.Verify(_workspace.Store.Locate(packageId)!, trusted, packageId);
        Assert.True(verification.IsValid, string.Join("; ", verification.Problems));
        return verification.Manifest!;
    }

    /// <summary>Seals a copy of a stored package under another id, its manifest naming that id, signed with the same key.</summary>
    private void ResealUnder(string newId, string storedId)
    {
        var folder = _workspace.Store.Locate(storedId)!;
        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, PackageLayout.ManifestFile)), EvidenceJsonContext.Manifest.EvidenceManifest)!;
        using var draft = _workspace.Store.BeginPackage(newId);
        foreach (var file in manifest.Files)
        {
            draft.WriteFile(file.Name, file.Role, File.ReadAllBytes(Path.Combine(folder, file.Name)));
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest with { PackageId = newId }, EvidenceJsonContext.Manifest.EvidenceManifest);
        draft.Seal(bytes, _workspace.Key.Sign(bytes));
        Assert.True(_workspace.Store.Commit(draft));
    }
}
