using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vision.Service.Security;
using Vision.Pipeline.Cameras;
using Vision.Service.Web.Charts;
using Vision.Storage;

namespace Vision.Service.Web.Pages;

/// <summary>Statistics for a range of local days, the charts drawn on the server, and the periodic report downloads.</summary>
[Authorize(Roles = WebRoles.StatisticsReaders, AuthenticationSchemes = VisionAuthentication.CookieScheme)]
public sealed class DashboardModel(StatisticsQuery statistics, DailyKindCounts daily, CameraRegistry cameras, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public ReportPeriod Period { get; private set; } = null!;

    public DashboardFigures Figures { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public string CameraName(string id) => cameras.Find(id)?.Name ?? id;

    public string ChartQuery => string.Create(CultureInfo.InvariantCulture, $"from={Period.FirstDay:yyyy-MM-dd}&to={Period.LastDay:yyyy-MM-dd}");

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Today = ReportPeriod.Today(time);
        if (ChartEndpoint.ParsePeriod(From, To, time) is not { } period)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            period = ChartEndpoint.ParsePeriod(null, null, time)!;
            ModelState.AddModelError(nameof(From), "range");
        }

        Period = period;
        Figures = await DashboardFigures.ComputeAsync(statistics, daily, period, cancellationToken);
        return Page();
    }
}
