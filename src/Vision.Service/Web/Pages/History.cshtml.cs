using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vision.Service.Security;
using Vision.Service.Web.Review;
using Vision.Storage;

namespace Vision.Service.Web.Pages;

/// <summary>A violation's case history (its audit trail), and closing the case for supervisors.</summary>
[Authorize(Roles = WebRoles.Readers, AuthenticationSchemes = VisionAuthentication.CookieScheme)]
public sealed class HistoryModel(ReviewStore store, ReviewDesk desk) : PageModel
{
    public ViolationRecord Violation { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    public bool Closed => Audit.Any(entry => entry.Action == ReviewStore.CaseClosedAction);

    public bool CanClose => User.IsInRole(VisionRoles.Supervisor)
        && Violation.Status is ReviewStatus.Confirmed or ReviewStatus.Corrected && !Closed;

    public CaseClosureOutcome? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCloseAsync(string id, string? note, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(VisionRoles.Supervisor))
        {
            return Forbid();
        }

        var caller = VisionCaller.From(User) ?? throw new InvalidOperationException("The case history page ran without a signed-in person.");
        if (ClientText.TextProblem(note ?? string.Empty) is { } problem)
        {
            return BadRequest("note: " + problem);
        }

        var (outcome, _) = await desk.CloseCaseAsync(id, caller, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), cancellationToken);
        if (outcome == CaseClosureOutcome.NotFound || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Outcome = outcome;
        if (outcome != CaseClosureOutcome.Closed)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return Page();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } violation)
        {
            return false;
        }

        Violation = violation;
        Audit = await store.GetAuditAsync(id, cancellationToken);
        return true;
    }
}
