using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vision.Service.Security;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Cameras;
using Vision.Service.Web.Review;
using Vision.Storage;

namespace Vision.Service.Web.Pages;

/// <summary>The review queue: newest first, filtered, counted by status, with live arrivals and who is working on what.</summary>
[Authorize(Roles = WebRoles.Readers, AuthenticationSchemes = VisionAuthentication.CookieScheme)]
public sealed class QueueModel(ReviewStore store, AlertLog alerts, CameraRegistry cameras, ReviewClaims claims, IOptions<WebOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public QueueFilter Filter { get; set; } = new();

    /// <summary>The page token of the rows to show after (older than) the previous page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];

    public IReadOnlyDictionary<ReviewStatus, long> Counts { get; private set; } = new Dictionary<ReviewStatus, long>();

    public string? NextPageToken { get; private set; }

    /// <summary>The newest alert position when the page was rendered: live arrivals continue after it.</summary>
    public long LivePosition { get; private set; }

    /// <summary>The filter the queue could not apply ("plate" or "period"); the page lists nothing rather than a wider list.</summary>
    public string? FilterProblem { get; private set; }

    public IReadOnlyList<CameraDefinition> Cameras => cameras.All;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Taken before the list is read, so a violation recorded in between arrives live rather than being missed.
        LivePosition = await alerts.LatestPositionAsync(cancellationToken);
        if (Filter.Problem() is { } problem)
        {
            FilterProblem = problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var filter = Filter.ToStoreFilter();
        var token = After is { Length: > 0 } && ReviewStore.IsValidPageToken(After) ? After : null;
        var page = await store.ListAsync(filter, options.Value.QueuePageSize, token, cancellationToken);
        Rows = page.Violations.Select(ToRow).ToList();
        NextPageToken = page.NextPageToken;
        Counts = await store.CountByStatusAsync(filter, cancellationToken);
    }

    /// <summary>One row for a violation that arrived live, when it passes the page's filters and the page is the first
    /// (204 otherwise: an arrival is the newest violation, and an older page holds only older ones).</summary>
    public async Task<IActionResult> OnGetRowAsync(string id, CancellationToken cancellationToken)
    {
        if ((After is { Length: > 0 } && ReviewStore.IsValidPageToken(After)) || Filter.Problem() is not null)
        {
            return new NoContentResult();
        }

        var violation = await store.GetAsync(id, cancellationToken);
        return violation is not null && Filter.Matches(violation) ? Partial("_QueueRow", ToRow(violation)) : new NoContentResult();
    }

    private QueueRow ToRow(ViolationRecord violation) =>
        QueueRow.Of(violation, cameras.Find(violation.CameraId)?.Name ?? violation.CameraId, claims.HolderOf(violation.Id), Filter);
}
