using System.Text.Json;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;
using Vision.Service.Cases;
using Vision.Service.Security;
using Vision.Storage;

namespace Vision.Service.Web.Review;

/// <summary>
/// What the review pages do with the store and the evidence: decisions and case closures through the review
/// application service the gRPC Review service uses too (<see cref="CaseReview"/>), the page's claim released once
/// decided, and packages verified.
/// </summary>
public sealed class ReviewDesk(CaseReview cases, EvidenceFolder evidence, EvidenceVerdicts verdicts, ReviewClaims claims)
{
    public async Task<DecisionResult> DecideAsync(ReviewDecision decision, CancellationToken cancellationToken)
    {
        var result = await cases.DecideAsync(decision, cancellationToken);
        if (result.Kind is DecisionResultKind.Applied or DecisionResultKind.AlreadyDecided or DecisionResultKind.Conflict)
        {
            claims.Release(decision.ViolationId, decision.OfficerId);
        }

        return result;
    }

    public Task<(CaseClosureOutcome Outcome, ViolationRecord? Current)> CloseCaseAsync(string violationId, VisionCaller supervisor, string? note,
        CancellationToken cancellationToken) => cases.CloseCaseAsync(violationId, supervisor, note, cancellationToken);

    /// <summary>
    /// Checks the recorded manifest hash (on every call: one small file) and the signature with the service's key and
    /// every file of the package (once per state of the package, <see cref="EvidenceVerdicts"/>).
    /// </summary>
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

        if (verdicts.Problems(reference) is { } packageProblems)
        {
            problems.AddRange(packageProblems);
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
