using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Evidence;

public sealed class PackageVerifierTests(SignedPackageFixture package) : IClassFixture<SignedPackageFixture>
{
    private static readonly string[] FileNames =
    [
        "clip.mp4",
        "keyframes/01-before-110.jpg",
        "keyframes/02-at-120.jpg",
        "keyframes/03-after-130.jpg",
        "overview.jpg",
        "redacted/clip.mp4",
        "redacted/keyframes/01-before-110.jpg",
        "redacted/keyframes/02-at-120.jpg",
        "redacted/keyframes/03-after-130.jpg",
        "redacted/overview.jpg",
        "vehicle.jpg",
    ];

    public static TheoryData<string> PackageFiles { get; } = new(FileNames);

    [Fact]
    public void UntouchedPackage_Verifies()
    {
        var verification = Verify(package.Folder);

        Assert.True(verification.IsValid, string.Join("; ", verification.Problems));
        Assert.Equal(11, verification.FilesChecked);
        Assert.Equal(FileNames, verification.Manifest!.Files.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("/./")]
    public void PackageFolder_WithTrailingSeparators_VerifiesLikeWithout(string suffix)
    {
        var verification = Verify(package.Folder + suffix);

        Assert.True(verification.IsValid, string.Join("; ", verification.Problems));
        Assert.Equal(11, verification.FilesChecked);
    }

    [Theory]
    [MemberData(nameof(PackageFiles))]
    public void OneFlippedByte_InAnyFile_IsNamedWithExpectedAndActualHash(string file)
    {
        var copy = package.CopyPackage();
        var path = Path.Combine(copy, file);
        FlipByte(path, new FileInfo(path).Length / 2);

        var verification = Verify(copy);

        var problem = Assert.Single(verification.Problems);
        Assert.Equal(VerificationProblemKind.FileChanged, problem.Kind);
        Assert.Equal(file, problem.File);
        var listed = verification.Manifest!.Files.Single(f => f.Name == file);
        Assert.Equal($"sha256 {listed.Sha256}, {listed.SizeBytes} bytes", problem.Expected);
        Assert.Equal($"sha256 {Sha256(path)}, {listed.SizeBytes} bytes", problem.Actual);
    }

    [Theory]
    [MemberData(nameof(PackageFiles))]
    public void DeletedFile_IsNamed(string file)
    {
        var copy = package.CopyPackage();
        File.Delete(Path.Combine(copy, file));

        var problem = Assert.Single(Verify(copy).Problems);

        Assert.Equal((VerificationProblemKind.FileMissing, file), (problem.Kind, problem.File));
    }

    [Fact]
    public void EditedManifest_FailsTheSignature_EvenWhenEveryFileStillMatches()
    {
        var copy = package.CopyPackage();
        var manifest = Path.Combine(copy, PackageLayout.ManifestFile);
        var text = File.ReadAllText(manifest);
        Assert.Contains("\"value\": 31.5", text, StringComparison.Ordinal);
        File.WriteAllText(manifest, text.Replace("\"value\": 31.5", "\"value\": 13.5", StringComparison.Ordinal));

        var verification = Verify(copy);

        var problem = Assert.Single(verification.Problems);
        Assert.Equal((VerificationProblemKind.SignatureInvalid, PackageLayout.ManifestFile), (problem.Kind, problem.File));
        Assert.Equal(13.5, verification.Manifest!.Measurements[0].Value);
    }

    [Fact]
    public void FlippedByte_InTheManifest_FailsTheSignature()
    {
        var copy = package.CopyPackage();
        var manifest = Path.Combine(copy, PackageLayout.ManifestFile);
        FlipByte(manifest, new FileInfo(manifest).Length / 2);
        var stillJson = IsJson(File.ReadAllBytes(manifest));

        var kinds = Verify(copy).Problems.Select(p => p.Kind).ToList();

        Assert.Equal(stillJson ? [VerificationProblemKind.SignatureInvalid] : [VerificationProblemKind.ManifestUnreadable, VerificationProblemKind.SignatureInvalid], kinds);
    }

    [Fact]
    public void FlippedByte_InTheSignature_FailsTheSignature()
    {
        var copy = package.CopyPackage();
        FlipByte(Path.Combine(copy, PackageLayout.SignatureFile), 10);

        var problem = Assert.Single(Verify(copy).Problems);

        Assert.Equal(VerificationProblemKind.SignatureInvalid, problem.Kind);
    }

    [Fact]
    public void MissingManifestOrSignature_IsNamed()
    {
        var noManifest = package.CopyPackage();
        File.Delete(Path.Combine(noManifest, PackageLayout.ManifestFile));
        var noSignature = package.CopyPackage();
        File.Delete(Path.Combine(noSignature, PackageLayout.SignatureFile));

        Assert.Equal(VerificationProblemKind.ManifestMissing, Assert.Single(Verify(noManifest).Problems).Kind);
        Assert.Equal(VerificationProblemKind.SignatureMissing, Assert.Single(Verify(noSignature).Problems).Kind);
    }

    [Fact]
    public void PackageSignedByAnotherKey_IsNamedWithBothKeyIds()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var verification = PackageVerifier.Verify(package.Folder, otherKey);

        var problem = Assert.Single(verification.Problems);
        Assert.Equal(VerificationProblemKind.SignedByOtherKey, problem.Kind);
        Assert.Equal(SigningKeyId.Of(otherKey), problem.Expected);
        Assert.Equal(package.Workspace.Key.KeyId, problem.Actual);
    }

    [Fact]
    public void ManifestResignedByAnotherKeyWithTheTrustedKeyId_FailsTheSignature()
    {
        // A forger who copies the trusted key id into a manifest signed with their own key.
        var copy = package.CopyPackage();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var manifest = File.ReadAllBytes(Path.Combine(copy, PackageLayout.ManifestFile));
        File.WriteAllBytes(Path.Combine(copy, PackageLayout.SignatureFile),
            forger.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        var problem = Assert.Single(Verify(copy).Problems);

        Assert.Equal(VerificationProblemKind.SignatureInvalid, problem.Kind);
    }

    [Fact]
    public void ExtraFile_IsNamed()
    {
        var copy = package.CopyPackage();
        File.WriteAllText(Path.Combine(copy, "keyframes", "04-after-999.jpg"), "not evidence");

        var problem = Assert.Single(Verify(copy).Problems);

        Assert.Equal((VerificationProblemKind.UnexpectedFile, "keyframes/04-after-999.jpg"), (problem.Kind, problem.File));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void AFolderThatCannotBeListed_OrAFileThatCannotBeRead_IsNamed_NeverPassedOrThrown()
    {
        // What a reader without root's privileges finds in a tampered copy: a forged file in a folder it may enter but
        // not list, a key frame it may not read, and the package folder itself unlisted.
        var copy = package.CopyPackage();
        Directory.CreateDirectory(Path.Combine(copy, "extra"));
        File.WriteAllText(Path.Combine(copy, "extra", "forged.jpg"), "not evidence");
        File.SetUnixFileMode(Path.Combine(copy, "extra"), UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(copy, "keyframes", "02-at-120.jpg"), UnixFileMode.None);
        File.SetUnixFileMode(copy, UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var verification = UnprivilegedReader.Run(() => Verify(copy));

            Assert.False(verification.IsValid);
            Assert.Equal(
                [(VerificationProblemKind.Unreadable, "."), (VerificationProblemKind.Unreadable, "keyframes/02-at-120.jpg")],
                verification.Problems.Select(problem => (problem.Kind, problem.File)).Order());
            Assert.Equal(10, verification.FilesChecked);
        }
        finally
        {
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(Path.Combine(copy, "extra"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void AnUnlistableSubfolder_IsNamed_EvenWhenEverythingElseVerifies()
    {
        var copy = package.CopyPackage();
        Directory.CreateDirectory(Path.Combine(copy, "extra"));
        File.WriteAllText(Path.Combine(copy, "extra", "forged.jpg"), "not evidence");
        File.SetUnixFileMode(Path.Combine(copy, "extra"), UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var problem = Assert.Single(UnprivilegedReader.Run(() => Verify(copy)).Problems);

            Assert.Equal((VerificationProblemKind.Unreadable, "extra"), (problem.Kind, problem.File));
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(copy, "extra"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void AFileWhoseNameIsNotUtf8_IsNamed_NeverPassed()
    {
        // .NET reads the byte 0xFF of the name as U+FFFD, a name no path leads back to: the file cannot be examined.
        var copy = package.CopyPackage();
        Shell("touch \"$(printf '%s/keyframes/\\377.jpg' \"$0\")\"", copy);
        try
        {
            var problem = Assert.Single(Verify(copy).Problems);

            Assert.Equal((VerificationProblemKind.Unreadable, "keyframes/\uFFFD.jpg"), (problem.Kind, problem.File));
        }
        finally
        {
            // Nor can .NET delete it.
            Shell("rm \"$(printf '%s/keyframes/\\377.jpg' \"$0\")\"", copy);
        }
    }

    private static void Shell(string script, string argument)
    {
        using var shell = System.Diagnostics.Process.Start("sh", ["-c", script, argument])!;
        shell.WaitForExit();
        Assert.Equal(0, shell.ExitCode);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void AFolderThatCanBeListedButNotEntered_IsNamed_NeverPassed()
    {
        var copy = package.CopyPackage();
        Directory.CreateDirectory(Path.Combine(copy, "extra"));
        File.WriteAllText(Path.Combine(copy, "extra", "forged.jpg"), "not evidence");
        File.SetUnixFileMode(Path.Combine(copy, "extra"), UnixFileMode.UserRead);
        try
        {
            var problem = Assert.Single(UnprivilegedReader.Run(() => Verify(copy)).Problems);

            Assert.Equal((VerificationProblemKind.Unreadable, "extra/forged.jpg"), (problem.Kind, problem.File));
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(copy, "extra"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void SignedButUnreadableManifest_IsNamed()
    {
        var notJson = package.CopyPackage();
        var garbage = Encoding.UTF8.GetBytes("{ \"format\": ");
        File.WriteAllBytes(Path.Combine(notJson, PackageLayout.ManifestFile), garbage);
        File.WriteAllBytes(Path.Combine(notJson, PackageLayout.SignatureFile), SignWithTrustedKey(garbage));
        var otherFormat = package.CopyPackage();
        var manifest = File.ReadAllText(Path.Combine(otherFormat, PackageLayout.ManifestFile)).Replace(
            EvidenceManifest.CurrentFormat, "vision-evidence/9", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(otherFormat, PackageLayout.ManifestFile), manifest);
        File.WriteAllBytes(Path.Combine(otherFormat, PackageLayout.SignatureFile), SignWithTrustedKey(Encoding.UTF8.GetBytes(manifest)));

        var notJsonProblem = Assert.Single(Verify(notJson).Problems);
        var otherFormatProblem = Assert.Single(Verify(otherFormat).Problems);

        Assert.Equal((VerificationProblemKind.ManifestUnreadable, PackageLayout.ManifestFile), (notJsonProblem.Kind, notJsonProblem.File));
        Assert.StartsWith("manifest.json is not valid manifest JSON", notJsonProblem.Description, StringComparison.Ordinal);
        Assert.Equal((VerificationProblemKind.ManifestUnreadable, "vision-evidence/9"), (otherFormatProblem.Kind, otherFormatProblem.Actual));
    }

    [Theory]
    [InlineData("\"signing\": {", "\"signing\": null, \"unused\": {")]
    [InlineData("\"files\": [", "\"files\": null, \"unused\": [")]
    public void ManifestWithRequiredPartsSetToNull_IsNamedAsUnreadable_NotACrash(string part, string replacement)
    {
        var copy = package.CopyPackage();
        var path = Path.Combine(copy, PackageLayout.ManifestFile);
        var text = File.ReadAllText(path);
        Assert.Contains(part, text, StringComparison.Ordinal);
        var edited = Encoding.UTF8.GetBytes(text.Replace(part, replacement, StringComparison.Ordinal));
        File.WriteAllBytes(path, edited);
        File.WriteAllBytes(Path.Combine(copy, PackageLayout.SignatureFile), SignWithTrustedKey(edited));

        var verification = Verify(copy);

        Assert.Contains(verification.Problems, problem => problem.Kind == VerificationProblemKind.ManifestUnreadable);
        Assert.False(verification.IsValid);
    }

    [Fact]
    public void AManifestListingAFileFiftyThousandTimes_HasItHashedOnce_AndIsNamed()
    {
        var copy = package.CopyPackage();
        var path = Path.Combine(copy, PackageLayout.ManifestFile);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        var files = manifest["files"]!.AsArray();
        var clip = files.Single(file => (string?)file!["name"] == "clip.mp4")!;
        for (var i = 0; i < 50_000; i++)
        {
            // Written the same way, or another way to the same file.
            var again = clip.DeepClone();
            again["name"] = (i % 3) switch { 0 => "clip.mp4", 1 => "./clip.mp4", _ => $"keyframes/../{i}/../clip.mp4" };
            files.Add(again);
        }

        File.WriteAllText(path, manifest.ToJsonString());

        var verification = Verify(copy);

        Assert.Equal(11, verification.FilesChecked);
        Assert.Single(verification.Problems, problem => problem.Kind == VerificationProblemKind.ManifestUnreadable && problem.File == "clip.mp4");
        Assert.Contains(verification.Problems, problem => problem.Kind == VerificationProblemKind.SignatureInvalid);
    }

    [Fact]
    public void AGigabyteManifest_IsNamed_WithoutBeingRead()
    {
        var copy = package.CopyPackage();
        using (var manifest = new FileStream(Path.Combine(copy, PackageLayout.ManifestFile), FileMode.Open))
        {
            manifest.SetLength(1L << 30); // sparse: nothing on disk, a gigabyte to whoever reads it whole
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var verification = Verify(copy);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var problem = Assert.Single(verification.Problems);
        Assert.Equal((VerificationProblemKind.ManifestUnreadable, PackageLayout.ManifestFile), (problem.Kind, problem.File));
        Assert.True(allocated < 64L << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void GenuinePackage_UnderAnotherPackagesId_IsNamed()
    {
        using var trusted = EvidenceSigningKey.ImportPublicKey(package.Workspace.Key.PublicKeyPem);
        var genuineId = Verify(package.Folder).Manifest!.PackageId;

        var verification = PackageVerifier.Verify(package.Folder, trusted, "20261128T003003000Z_hue-le-loi-1_redlight_t9_s400");

        var problem = Assert.Single(verification.Problems);
        Assert.Equal((VerificationProblemKind.WrongPackage, "20261128T003003000Z_hue-le-loi-1_redlight_t9_s400", genuineId),
            (problem.Kind, problem.Expected, problem.Actual));
    }

    [Fact]
    public void MissingPackageFolder_IsNamed()
    {
        var problem = Assert.Single(Verify(Path.Combine(package.Workspace.Root, "no-such-package")).Problems);

        Assert.Equal(VerificationProblemKind.PackageMissing, problem.Kind);
    }

    private PackageVerification Verify(string folder)
    {
        using var trusted = EvidenceSigningKey.ImportPublicKey(package.Workspace.Key.PublicKeyPem);
        return PackageVerifier.Verify(folder, trusted);
    }

    private byte[] SignWithTrustedKey(byte[] data) => package.Workspace.Key.Sign(data);

    private static void FlipByte(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static bool IsJson(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
