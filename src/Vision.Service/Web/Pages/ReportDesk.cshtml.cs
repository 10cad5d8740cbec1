using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vision.Domain.Geography;
using Vision.Pipeline.Triage;
using Vision.Pipeline.Triage.Categories;
using Vision.Service.Admission;
using Vision.Service.Security;
using Vision.Service.Web.ReportDesk;

namespace Vision.Service.Web.Pages;

/// <summary>
/// The report desk: an officer uploads a citizen's photo with its category and position and sees what triage made of
/// it (objects, plates, duplicates, legitimacy and its reasons, the privacy-safe copy). The photo is triaged as the
/// report backend's would be; only a thumbnail of its privacy-safe copy is kept, to show it as a later duplicate.
/// </summary>
[Authorize(Roles = WebRoles.Deciders, AuthenticationSchemes = VisionAuthentication.CookieScheme)]
[RequestSizeLimit(MaxUploadBytes + 1_000_000)]
public sealed class ReportDeskModel(PhotoTriage triage, PhotoAdmission admission, PhotoWorkers workers, ReportThumbnails thumbnails, TimeProvider time) : PageModel
{
    public const long MaxUploadBytes = 25_000_000;

    [BindProperty]
    public IFormFile? Photo { get; set; }

    [BindProperty]
    public string Category { get; set; } = ReportCategories.TrafficViolation;

    /// <summary>As the browser posts it: decimal degrees with a point in every language (bound as text: the request's
    /// Vietnamese culture would read "16.4637" as 164 637).</summary>
    [BindProperty]
    public string? Latitude { get; set; }

    [BindProperty]
    public string? Longitude { get; set; }

    /// <summary>Set when the position given is not one: one coordinate without the other, not a number, out of range.</summary>
    public bool PositionInvalid { get; private set; }

    [BindProperty]
    public string? ReportId { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>When the citizen reported it, in Vietnam time as a datetime-local field posts it (2026-12-07T08:30);
    /// empty: the photo's capture time is compared with nothing (the upload time made yesterday's photo "an old situation").</summary>
    [BindProperty]
    public string? ReportedAt { get; set; }

    /// <summary>Set when the report time given is not a date and time, or lies ahead.</summary>
    public bool ReportedAtInvalid { get; private set; }

    public PhotoTriageResult? Result { get; private set; }

    public string? Refused { get; private set; }

    /// <summary>Set when admission refused the photo because the service is busy with other photos: when to try again.</summary>
    public int? RetryAfterSeconds { get; private set; }

    public IReadOnlyList<string> Categories => ReportCategories.All.Select(c => c.Category).ToList();

    public bool HasThumbnail(string reportId) => thumbnails.Exists(reportId);

    private string? TextProblem() =>
        ReportId is { } id && ClientText.LineProblem(id.Trim()) is { } idProblem ? "report id: " + idProblem
        : Description is { } text && ClientText.TextProblem(text) is { } textProblem ? "description: " + textProblem
        : null;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Photo is null || Photo.Length == 0)
        {
            ModelState.AddModelError(nameof(Photo), "missing");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (Photo.Length > MaxUploadBytes)
        {
            Refused = string.Create(CultureInfo.InvariantCulture, $"{Photo.Length:N0} bytes > {MaxUploadBytes:N0}");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!TryReadPosition(out var position))
        {
            PositionInvalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (!TryReadReportedAt(out var reportedAt))
        {
            ReportedAtInvalid = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // As the gRPC triage refuses them: a zero byte in a report id failed PostgreSQL's insert after the whole triage (a 500).
        if (TextProblem() is { } problem)
        {
            Refused = problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        using var buffer = new MemoryStream((int)Photo.Length);
        await Photo.CopyToAsync(buffer, cancellationToken);
        ReportId = string.IsNullOrWhiteSpace(ReportId)
            ? "desk-" + time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]
            : ReportId.Trim();
        var metadata = new ReportMetadata(Category, position, reportedAt, Description, User.Identity?.Name, ReportId);
        var photo = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (triage.ReadHeader(photo.Span, out var header) is { } headerRejection)
        {
            Refused = headerRejection.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        // Admitted like the report backend's photos: the desk shares their memory budget and their threads.
        AdmissionTicket ticket;
        try
        {
            ticket = await admission.EnterAsync(nameof(AdmissionOptions.TriagePhoto), header!.Pixels, photo.Length, DateTime.MaxValue, cancellationToken);
        }
        catch (RpcException busy) when (busy.StatusCode == global::Grpc.Core.StatusCode.ResourceExhausted)
        {
            RetryAfterSeconds = int.TryParse(busy.Trailers.GetValue(PhotoAdmission.RetryPushbackTrailer), CultureInfo.InvariantCulture, out var milliseconds)
                ? (milliseconds + 999) / 1000
                : 1;
            Response.Headers.RetryAfter = RetryAfterSeconds.Value.ToString(CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        PhotoTriageOutcome outcome;
        using (ticket)
        {
            // The thumbnail decodes the whole privacy copy (a 12 MP photo is about 36 MB): inside the ticket, on the photo's
            // thread, not after the place was given back.
            outcome = await workers.RunAsync(nameof(AdmissionOptions.TriagePhoto), async () =>
            {
                var triaged = await triage.TriageAsync(photo, metadata, cancellationToken);
                if (triaged.Result is { } result)
                {
                    thumbnails.Save(ReportId, result.PrivacySafeCopy.Jpeg);
                }

                return triaged;
            });
        }

        if (outcome.IsRefused)
        {
            Refused = outcome.ImageRejection?.Message ?? outcome.ExifRejection?.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Result = outcome.Result;
        return Page();
    }

    /// <summary>The report time as given in Vietnam time, or null when none is; false when it is no date and time, lies
    /// before 2000 or more than five minutes ahead.</summary>
    private bool TryReadReportedAt(out DateTimeOffset? reportedAt)
    {
        reportedAt = null;
        if (string.IsNullOrWhiteSpace(ReportedAt))
        {
            return true;
        }

        if (!DateTime.TryParseExact(ReportedAt.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        // As the gRPC triage takes report times: from 2000 on (year 1 overflowed the duplicate window: a 500).
        if (local.Year < 2000)
        {
            return false;
        }

        var at = new DateTimeOffset(local, Vision.Storage.StatisticsQuery.VietnamTime().GetUtcOffset(local));
        reportedAt = at;
        return at <= time.GetUtcNow().AddMinutes(5);
    }

    private bool TryReadPosition(out GeoPosition? position)
    {
        position = null;
        if (string.IsNullOrWhiteSpace(Latitude) && string.IsNullOrWhiteSpace(Longitude))
        {
            return true;
        }

        if (!double.TryParse(Latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
            || !double.TryParse(Longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
            || new GeoPosition(latitude, longitude) is not { IsValid: true } given)
        {
            return false;
        }

        position = given;
        return true;
    }
}
