using System.Diagnostics.Metrics;
using Vision.Pipeline.Evidence;
using Vision.Service.Security;
using Vision.Storage;

namespace Vision.Service.Cases;

/// <summary>
/// The review application service, one for every channel (gRPC Review, the web review desk): decisions and case
/// closures with their evidence holds and the caller's audit source. A confirmed violation's evidence outlives
/// retention until its case closes; the hold is set before the decision commits, so a request that dies right after
/// the commit cannot leave confirmed evidence to the retention sweep, and released when the decision did not confirm
/// or the case closes.
/// </summary>
public sealed class CaseReview(ReviewStore store, IEvidenceStore evidenceStore)
{
    public const string MeterName = "Vision.Review";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>("vision_review_decisions", description: "Review decisions taken, by outcome and how the officer was proved");
    private static readonly Counter<long> ClosedCases = Meter.CreateCounter<long>("vision_review_cases_closed", description: "Cases closed, by how the supervisor was proved");

    public async Task<DecisionResult> DecideAsync(ReviewDecision decision, CancellationToken cancellationToken)
    {
        var held = decision.Outcome is ReviewStatus.Confirmed or ReviewStatus.Corrected
            && (await store.GetAsync(decision.ViolationId, cancellationToken))?.Evidence is { } reference
            && evidenceStore.Hold(reference.PackageId) ? reference : null;
        DecisionResult result;
        try
        {
            result = await store.DecideAsync(decision, cancellationToken);
        }
        catch when (held is not null)
        {
            await ReleaseUnlessConfirmedAsync(decision.ViolationId, held.PackageId);
            throw;
        }

        if (held is not null && result.Current?.Status is not (ReviewStatus.Confirmed or ReviewStatus.Corrected))
        {
            evidenceStore.ReleaseHold(held.PackageId);
        }

        if (result.Kind == DecisionResultKind.Applied)
        {
            Decisions.Add(1, new KeyValuePair<string, object?>("outcome", decision.Outcome.ToString()), new KeyValuePair<string, object?>("source", decision.OfficerSource ?? "unknown"));
        }

        return result;
    }

    /// <summary>
    /// After a decision that failed: the hold placed for a confirmation is given back unless the violation is confirmed
    /// after all (the failure came after the commit: a cancelled call, a lost connection). When the violation cannot be
    /// read, the hold stays: evidence kept too long, never too short.
    /// </summary>
    private async Task ReleaseUnlessConfirmedAsync(string violationId, string packageId)
    {
        try
        {
            if ((await store.GetAsync(violationId, CancellationToken.None))?.Status is not (ReviewStatus.Confirmed or ReviewStatus.Corrected))
            {
                evidenceStore.ReleaseHold(packageId);
            }
        }
        catch (Exception error) when (error is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            // Kept: see above.
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
