using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Vision.Contracts.V1;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;
using Vision.Service.Security;
using PipelineProblemKind = Vision.Evidence.Verification.VerificationProblemKind;
using VerificationProblem = Vision.Contracts.V1.VerificationProblem;
using VerificationProblemKind = Vision.Contracts.V1.VerificationProblemKind;

namespace Vision.Service.Grpc;

/// <summary>vision.v1.Evidence: verifies stored packages against the service's signing key and exports its public key.</summary>
[Authorize(Roles = RpcRoles.EvidenceVerifiers)]
public sealed class EvidenceService(IEvidenceStore store, TrustedKeys trustedKeys) : Contracts.V1.Evidence.EvidenceBase
{
    public const string PackageIdInvalid = "EVIDENCE_PACKAGE_ID_INVALID";
    public const string PackageNotFound = "EVIDENCE_PACKAGE_NOT_FOUND";
    public const string KeyNotTrusted = "EVIDENCE_KEY_NOT_TRUSTED";

    public override async Task<VerifyPackageResponse> VerifyPackage(VerifyPackageRequest request, ServerCallContext context)
    {
        if (!PackageId.IsWellFormed(request.PackageId))
        {
            // Not echoed: the text could be anything a client sent, of any length.
            throw StreamErrors.Create(Code.InvalidArgument, PackageIdInvalid,
                $"package_id ({request.PackageId.Length} characters) is not an evidence package id (they look like 20261128T003003000Z_camera_kind_t7_s130).");
        }

        var folder = store.Locate(request.PackageId) ?? throw StreamErrors.Create(Code.NotFound, PackageNotFound,
            $"No evidence package '{request.PackageId}' is stored (never sealed, or deleted by retention).", ("package_id", request.PackageId));
        // Hashing a package reads a few megabytes: off the request thread.
        var verification = await Task.Run(() => PackageVerifier.Verify(folder, trustedKeys, request.PackageId), context.CancellationToken);
        if (verification.Problems.Any(problem => problem.Kind == PipelineProblemKind.PackageMissing)
            || (!verification.IsValid && store.Locate(request.PackageId) is null))
        {
            // Deleted by retention between the lookup and the check, or during it (files gone one by one, not tampered).
            throw StreamErrors.Create(Code.NotFound, PackageNotFound, $"Evidence package '{request.PackageId}' was deleted by retention.",
                ("package_id", request.PackageId));
        }

        return ToResponse(request.PackageId, verification, store.IsHeld(request.PackageId));
    }

    /// <summary>The public key is public: anyone may fetch it to verify packages. A key id asks for that trusted key (one
    /// that signed before a rotation); none, for the key signing now.</summary>
    [AllowAnonymous]
    public override Task<GetPublicKeyResponse> GetPublicKey(GetPublicKeyRequest request, ServerCallContext context)
    {
        var keyId = request.KeyId is { Length: > 0 } asked ? asked : trustedKeys.CurrentKeyId;
        var pem = trustedKeys.PemOf(keyId) ?? throw StreamErrors.Create(Code.NotFound, KeyNotTrusted,
            $"No evidence signing key {(keyId.Length > 64 ? keyId[..64] + "…" : keyId)} is trusted here: packages it signed do not verify.");
        return Task.FromResult(new GetPublicKeyResponse { PublicKeyPem = pem, KeyId = keyId, Algorithm = PackageLayout.SignatureAlgorithm });
    }

    private static VerifyPackageResponse ToResponse(string packageId, PackageVerification verification, bool held)
    {
        var response = new VerifyPackageResponse
        {
            PackageId = packageId,
            Valid = verification.IsValid,
            ManifestSha256 = verification.ManifestSha256 ?? string.Empty,
            TrustedKeyId = verification.TrustedKeyId,
            FilesChecked = verification.FilesChecked,
            Held = held,
        };
        response.Problems.AddRange(verification.Problems.Select(problem => new VerificationProblem
        {
            Kind = ToContract(problem.Kind),
            File = problem.File ?? string.Empty,
            Expected = problem.Expected ?? string.Empty,
            Actual = problem.Actual ?? string.Empty,
            Description = problem.Description,
        }));
        // What the manifest says is repeated only under a signature that stands: an edited manifest's claims are its
        // editor's (and may be anything, nulls included).
        // A signature that could not be read was never checked.
        if (verification.Manifest is { } manifest && !verification.Problems.Any(problem => problem.File == PackageLayout.SignatureFile
                || problem.Kind is PipelineProblemKind.SignatureMissing or PipelineProblemKind.SignatureInvalid or PipelineProblemKind.SignedByOtherKey))
        {
            response.ViolationId = manifest.ViolationId ?? string.Empty;
            response.ViolationKind = manifest.ViolationKind ?? string.Empty;
            response.CameraId = manifest.Camera?.Id ?? string.Empty;
            response.OccurredAt = manifest.Occurred is { } occurred ? Timestamp.FromDateTimeOffset(occurred.CapturedAtUtc) : null;
        }

        return response;
    }

    private static VerificationProblemKind ToContract(PipelineProblemKind kind) => kind switch
    {
        PipelineProblemKind.ManifestMissing => VerificationProblemKind.ManifestMissing,
        PipelineProblemKind.SignatureMissing => VerificationProblemKind.SignatureMissing,
        PipelineProblemKind.SignedByOtherKey => VerificationProblemKind.SignedByOtherKey,
        PipelineProblemKind.SignatureInvalid => VerificationProblemKind.SignatureInvalid,
        PipelineProblemKind.ManifestUnreadable => VerificationProblemKind.ManifestUnreadable,
        PipelineProblemKind.FileMissing => VerificationProblemKind.FileMissing,
        PipelineProblemKind.FileChanged => VerificationProblemKind.FileChanged,
        PipelineProblemKind.UnexpectedFile => VerificationProblemKind.UnexpectedFile,
        PipelineProblemKind.WrongPackage => VerificationProblemKind.WrongPackage,
        PipelineProblemKind.Unreadable => VerificationProblemKind.Unreadable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unmapped verification problem"),
    };
}
