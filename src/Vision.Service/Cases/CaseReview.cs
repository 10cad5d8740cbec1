using System.Diagnostics.Metrics;
using Vision.Pipeline.Evidence;
using Vision.Service.Security;
using Vision.Storage;

namespace Vision.Service.Cases;

/// <summary>
/// The review application service, one for every channel (gRPC Review, the web review desk): decisions and case
/// closures with their evidence holds and the caller's audit source. A confirmed violation's evidence outlives
/// retention until its case closes: after every decision the hold is made to match the violation as stored (held while
/// confirmed or corrected and its case open, released otherwise), whatever the decision's outcome. The hold is also set
/// before the decision commits, so a request that dies right after the commit cannot leave confirmed evidence to the
/// retention sweep.
/// </summary>
public sealed class CaseReview(ReviewStore store, IEvidenceStore evidenceStore)
{
    public const string MeterName = "Vision.Review";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>("vision_review_decisions", description: "Review decisions taken, by outcome and how the officer was proved");
    private static readonly Counter<long> ClosedCases = Meter.CreateCounter<long>("vision_review_cases_closed", description: "Cases closed, by how the supervisor was proved");

    public async Task<DecisionResult> DecideAsync(ReviewDecision decision, CancellationToken cancellationToken)
    {
        if (decision.Outcome is ReviewStatus.Confirmed or ReviewStatus.Corrected
            && (await store.GetAsync(decision.ViolationId, cancellationToken))?.Evidence is { } reference)
        {
            evidenceStore.Hold(reference.PackageId);
        }

        DecisionResult result;
        try
        {
            result = await store.DecideAsync(decision, cancellationToken);
        }
        catch
        {
            await KeepEvidenceHoldAsync(decision.ViolationId, null, CancellationToken.None);
            throw;
        }

        // The store read the violation after the decision committed or was refused (not after an invalid one).
        await KeepEvidenceHoldAsync(decision.ViolationId, result.Current, cancellationToken);
        if (result.Kind == DecisionResultKind.Applied)
        {
            Decisions.Add(1, new KeyValuePair<string, object?>("outcome", decision.Outcome.ToString()), new KeyValuePair<string, object?>("source", decision.OfficerSource ?? "unknown"));
        }

        return result;
    }

    /// <summary>
    /// Holds the violation's evidence while it is confirmed (or corrected) and its case open, and releases it otherwise:
    /// after a decision of any outcome (a refused one included: an invalid or late call must neither free a confirmed
    /// case's evidence nor hold a closed one's again), and when a package is linked to a violation after its decision.
    /// When the violation cannot be read, the hold stays as it is: evidence kept too long, never too short.
    /// </summary>
    /// <param name="stored">The violation as the store just read it, or null to read it here.</param>
    public async Task KeepEvidenceHoldAsync(string violationId, ViolationRecord? stored, CancellationToken cancellationToken)
    {
        try
        {
            if ((stored ?? await store.GetAsync(violationId, cancellationToken)) is not { Evidence: { } evidence } current)
            {
                return;
            }

            var needed = current.Status is ReviewStatus.Confirmed or ReviewStatus.Corrected
                && !await store.IsCaseClosedAsync(violationId, cancellationToken);
            if (needed)
            {
                evidenceStore.Hold(evidence.PackageId);
            }
            else if (evidenceStore.IsHeld(evidence.PackageId))
            {
                evidenceStore.ReleaseHold(evidence.PackageId);
            }
        }
        catch (Exception error) when (error is System.Data.Common.DbException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            // Kept as it is: see above.
        }
    }

    /// <summary>Closes a confirmed violation's case as <paramref name="supervisor"/> and releases its evidence hold (also on a retry after the closing committed).</summary>
    public async Task<(CaseClosureOutcome Outcome, ViolationRecord? Current)> CloseCaseAsync(string violationId, VisionCaller supervisor, string? note,
        CancellationToken cancellationToken)
    {
        var (outcome, current) = await store.CloseCaseAsync(violationId, supervisor.Id, supervisor.Source, note, cancellationToken);
        if (outcome is CaseClosureOutcome.Closed or CaseClosureOutcome.AlreadyClosed && current?.Evidence is { } closed)
        {
            evidenceStore.ReleaseHold(closed.PackageId);
        }

        if (outcome == CaseClosureOutcome.Closed)
        {
            ClosedCases.Add(1, new KeyValuePair<string, object?>("source", supervisor.Source));
        }

        return (outcome, current);
    }
}
