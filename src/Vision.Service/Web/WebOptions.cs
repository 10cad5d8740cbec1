using System.ComponentModel.DataAnnotations;

namespace Vision.Service.Web;

/// <summary>The review desk and reports web app (configuration <c>Vision:Web</c>).</summary>
public sealed class WebOptions
{
    public const string Section = "Vision:Web";

    /// <summary>The HTTP/1.1 address browsers use; empty means the embedded default (see <c>EndpointConfiguration</c>).</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>How long an officer's claim on a violation lasts without being renewed (the open violation page renews it).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "02:00:00")]
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Violations per queue page.</summary>
    [Range(10, 500)]
    public int QueuePageSize { get; set; } = 50;

    /// <summary>Where the report desk keeps small thumbnails of uploaded photos, so duplicates can be shown.</summary>
    [Required]
    public string ReportThumbnailDirectory { get; set; } = "data/report-desk";
}
