using System.Text.Json;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;
using Vision.Service.Security;
using Vision.Storage;

namespace Vision.Service.Web.Review;

/// <summary>
/// What the review pages do with the store and the evidence: decide with the evidence held past retention once a
/// violation is confirmed (as the gRPC Review service does), close cases releasing that hold, and verify packages.
/// </summary>
public sealed class ReviewDesk(ReviewStore store, EvidenceFolder evidence, IEvidenceStore evidenceStore, EvidenceSigningKey signingKey, ReviewClaims claims)
{
    public async Task<DecisionResult> DecideAsync(ReviewDecision decision, CancellationToken cancellationToken)
    {
        // The hold is set before the decision commits, so a request that dies right after the commit cannot leave
        // confirmed evidence to the retention sweep; it is released again when the decision did not confirm.
        var confirming = decision.Outcome is ReviewStatus.Confirmed or ReviewStatus.Corrected;
        var held = confirming && (await store.GetAsync(decision.ViolationId, cancellationToken))?.Evidence is { } reference
            && evidenceStore.Hold(reference.PackageId) ? reference : null;
        var result = await store.DecideAsync(decision, cancellationToken);
        if (held is not null && result.Current?.Status is not (ReviewStatus.Confirmed or ReviewStatus.Corrected))
        {
            evidenceStore.ReleaseHold(held.PackageId);
        }

        if (result.Kind is DecisionResultKind.Applied or DecisionResultKind.AlreadyDecided or DecisionResultKind.Conflict)
        {
            claims.Release(decision.ViolationId, decision.OfficerId);
        }

        return result;
    }

    public async Task<(CaseClosureOutcome Outcome, ViolationRecord? Current)> CloseCaseAsync(string violationId, VisionCaller supervisor, string? note,
        CancellationToken cancellationToken)
    {
        var (outcome, current) = await store.CloseCaseAsync(violationId, supervisor.Id, supervisor.Source, note, cancellationToken);
        if (outcome is CaseClosureOutcome.Closed or CaseClosureOutcome.AlreadyClosed && current?.Evidence is { } closed)
        {
            evidenceStore.ReleaseHold(closed.PackageId);
        }

        return (outcome, current);
    }

    /// <summary>Checks the recorded manifest hash, the signature with the service's key and every file of the package.</summary>
    public async Task<EvidenceStatus> VerifyAsync(ViolationRecord violation, CancellationToken cancellationToken)
    {
        if (violation.Evidence is not { } reference)
        {
            return EvidenceStatus.None;
        }

        var (check, manifestJson) = await evidence.VerifyAsync(reference.PackageId, reference.ManifestSha256, cancellationToken);
        var problems = new List<string>();
        if (check == EvidenceCheck.ManifestAltered)
        {
            problems.Add("manifest.json is not the manifest recorded with the violation");
        }

        if (evidenceStore.Locate(reference.PackageId) is { } folder)
        {
            using var trustedKey = signingKey.CreateVerifier();
            problems.AddRange(PackageVerifier.Verify(folder, trustedKey, reference.PackageId).Problems.Select(problem => problem.Description));
        }
        else
        {
            problems.Add($"evidence package '{reference.PackageId}' is not in the evidence store");
        }

        EvidenceManifest? manifest = null;
        if (manifestJson is not null)
        {
            try
            {
                manifest = JsonSerializer.Deserialize(manifestJson, EvidenceJsonContext.Manifest.EvidenceManifest);
            }
            catch (JsonException)
            {
                problems.Add("manifest.json cannot be read");
            }
        }

        return new EvidenceStatus(reference.PackageId, problems.Count == 0, problems.Distinct().ToList(), manifest);
    }
}
