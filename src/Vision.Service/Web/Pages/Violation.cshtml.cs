using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Vision.Service.Security;
using Vision.Pipeline.Cameras;
using Vision.Service.Web.Review;
using Vision.Storage;

namespace Vision.Service.Web.Pages;

/// <summary>One violation with all its evidence, and the officer's decision on it.</summary>
[Authorize(Roles = WebRoles.Readers, AuthenticationSchemes = VisionAuthentication.CookieScheme)]
public sealed class ViolationModel(ReviewStore store, ReviewDesk desk, ReviewClaims claims, CameraRegistry cameras) : PageModel
{
    public ViolationRecord Violation { get; private set; } = null!;

    public EvidenceStatus Evidence { get; private set; } = EvidenceStatus.None;

    public PlateView Plate { get; private set; } = null!;

    public CameraDefinition? Camera { get; private set; }

    /// <summary>The live claim on this violation after this request (this officer's, or another's).</summary>
    public ReviewClaim? Claim { get; private set; }

    public bool CanDecide { get; private set; }

    /// <summary>
    /// The decision just refused as incomplete, shown again as posted: rebuilt from the store, the plate the officer had
    /// cleared as wrong came back, and the next <kbd>c</kbd> confirmed it.
    /// </summary>
    public DecisionForm? RefusedForm { get; private set; }

    /// <summary>Set when this officer's decision was refused because the violation had been decided (conflict or final).</summary>
    public DecisionResultKind? Refusal { get; private set; }

    public string? Problem { get; private set; }

    public bool JustDecided { get; private set; }

    public string? NextPendingId { get; private set; }

    /// <summary>The queue's filter the officer came from: the next pending violation is one of it, and the way back keeps it.</summary>
    public QueueFilter QueueFilter { get; private set; } = new();

    /// <summary>A violation's page, keeping the queue's filter in its address.</summary>
    public static string Address(string id, QueueFilter filter) =>
        "/violations/" + Uri.EscapeDataString(id) + (filter.Query() is { Length: > 0 } query ? "?" + query : string.Empty);

    /// <summary>How often the page renews this officer's claim, in milliseconds.</summary>
    public long ClaimRenewMilliseconds => (long)claims.RenewEvery.TotalMilliseconds;

    /// <summary>The signed-in officer as the audit log records them.</summary>
    public VisionCaller Caller => VisionCaller.From(User) ?? throw new InvalidOperationException("The violation page ran without a signed-in person.");

    public string Officer => Caller.Id;

    public async Task<IActionResult> OnGetAsync(string id, bool decided, CancellationToken cancellationToken)
    {
        QueueFilter = QueueFilter.FromQuery(Request.Query);
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        JustDecided = decided;
        if (CanDecide && Violation.Status == ReviewStatus.Pending)
        {
            Claim = claims.Claim(id, Officer);
        }

        if (Violation.Status != ReviewStatus.Pending)
        {
            NextPendingId = await NextPendingAsync(id, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(string id, [FromForm] DecisionForm form, CancellationToken cancellationToken)
    {
        QueueFilter = QueueFilter.FromQuery(Request.Query);
        if (!WebRoles.CanDecide(User))
        {
            return Forbid();
        }

        var violation = await store.GetAsync(id, cancellationToken);
        if (violation is null)
        {
            return NotFound();
        }

        var decision = form.ToDecision(violation, Caller);
        // The form is checked only while it can still decide: posted after another officer's decision, it was refused as
        // incomplete (fix the plate, give the reason) on a page that no longer had the form; the decision standing is shown.
        var stillDecidable = violation.Status == ReviewStatus.Pending && violation.Version == form.Version;
        var result = !stillDecidable ? new DecisionResult(
                violation.Status != ReviewStatus.Pending && violation.Version == form.Version ? DecisionResultKind.AlreadyDecided : DecisionResultKind.Conflict, violation)
            : form.Problem(violation) is { } problem ? new DecisionResult(DecisionResultKind.Invalid, violation, problem)
            : decision is null ? new DecisionResult(DecisionResultKind.Invalid, violation, "choose confirm or reject")
            : await EvidenceProblemAsync(violation, decision, cancellationToken) is { } evidenceProblem
                ? new DecisionResult(DecisionResultKind.Invalid, violation, evidenceProblem)
            : await desk.DecideAsync(decision, cancellationToken);
        if (result.Kind == DecisionResultKind.Applied || IsThisOfficersOwnDecision(result, decision))
        {
            return RedirectToPage("/Violation", PageValues(id, decided: true));
        }

        await LoadAsync(id, cancellationToken);
        switch (result.Kind)
        {
            case DecisionResultKind.Invalid:
                Problem = result.Problem;
                Claim = claims.HolderOf(id);
                RefusedForm = form;
                break;
            case DecisionResultKind.Conflict or DecisionResultKind.AlreadyDecided:
                Refusal = result.Kind;
                NextPendingId = await NextPendingAsync(id, cancellationToken);
                break;
        }

        Response.StatusCode = result.Kind == DecisionResultKind.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>This violation's page with the queue's filter, after a post.</summary>
    private RouteValueDictionary PageValues(string id, bool decided)
    {
        var values = new RouteValueDictionary { ["id"] = id };
        if (decided)
        {
            values["decided"] = true;
        }

        foreach (var (name, value) in QueueFilter.RouteValues())
        {
            values[name] = value;
        }

        return values;
    }

    /// <summary>
    /// Why the violation cannot be confirmed on its evidence, or null: a package altered since it was sealed was shown
    /// "does not verify" and still confirmed, and the report went out with it, the audit saying nothing of it.
    /// </summary>
    private async Task<string?> EvidenceProblemAsync(ViolationRecord violation, ReviewDecision decision, CancellationToken cancellationToken) =>
        decision.Outcome is ReviewStatus.Confirmed or ReviewStatus.Corrected && violation.Evidence is not null
        && await desk.VerifyAsync(violation, cancellationToken) is { Verified: false } evidence
            ? $"evidence: the package does not verify ({string.Join("; ", evidence.Problems)}); if the evidence store is away, decide later; if the package was altered, reject the violation (insufficient evidence)"
            : null;

    /// <summary>The same decision posted twice (a double click, a key held down) is answered as saved.</summary>
    private static bool IsThisOfficersOwnDecision(DecisionResult result, ReviewDecision? decision) =>
        decision is not null && result.IsRepeatOf(decision);

    /// <summary>Takes the violation over from the officer who claimed it.</summary>
    public async Task<IActionResult> OnPostTakeOverAsync(string id, CancellationToken cancellationToken)
    {
        QueueFilter = QueueFilter.FromQuery(Request.Query);
        if (!WebRoles.CanDecide(User))
        {
            return Forbid();
        }

        if (!await IsPendingAsync(id, cancellationToken))
        {
            return NotFound();
        }

        claims.Claim(id, Officer, takeOver: true);
        return RedirectToPage("/Violation", PageValues(id, decided: false));
    }

    /// <summary>Renews this officer's claim while the page stays open (called by the page's script).</summary>
    public async Task<IActionResult> OnPostRenewAsync(string id, CancellationToken cancellationToken)
    {
        if (!WebRoles.CanDecide(User))
        {
            return Forbid();
        }

        // Only a pending violation is claimed: any other id would be held as a claim on nothing.
        if (!await IsPendingAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var claim = claims.Claim(id, Officer);
        return new JsonResult(new { officer = claim.Officer, expiresAt = claim.ExpiresAt, mine = claim.Officer == Officer });
    }

    private async Task<bool> IsPendingAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { Status: ReviewStatus.Pending };

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } violation)
        {
            return false;
        }

        Violation = violation;
        Evidence = await desk.VerifyAsync(violation, cancellationToken);
        Plate = PlateView.Of(violation, Evidence.Manifest);
        Camera = cameras.Find(violation.CameraId);
        CanDecide = WebRoles.CanDecide(User);
        Claim = claims.HolderOf(id);
        return true;
    }

    private async Task<string?> NextPendingAsync(string exceptId, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(QueueFilter.ToStoreFilter() with { Status = ReviewStatus.Pending }, 10, null, cancellationToken);
        return page.Violations.FirstOrDefault(v => v.Id != exceptId && (claims.HolderOf(v.Id) is null || claims.HolderOf(v.Id)!.Officer == Officer))?.Id;
    }
}
