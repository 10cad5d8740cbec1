using System.Globalization;
using Vision.Domain.Violations;
using Vision.Service.Web.Charts;
using Vision.Storage;

namespace Vision.Service.Web.Pages;

/// <summary>
/// The queue's filters as they travel in the address (so a filtered queue can be bookmarked and shared): camera, kind,
/// status (pending unless "all" or another status is chosen), local time range (datetime-local, Asia/Ho_Chi_Minh) and plate text.
/// </summary>
public sealed class QueueFilter
{
    public const string AllStatuses = "all";
    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    public string? Camera { get; set; }

    public string? Kind { get; set; }

    public string? Status { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Plate { get; set; }

    public ViolationFilter ToStoreFilter() => new(
        string.IsNullOrWhiteSpace(Camera) ? null : Camera,
        Enum.TryParse<ViolationKind>(Kind, out var kind) && Enum.IsDefined(kind) ? kind : null,
        StatusFilter,
        ParseLocal(From),
        ParseLocal(To),
        string.IsNullOrWhiteSpace(Plate) ? null : Plate);

    public ReviewStatus? StatusFilter => Status switch
    {
        null or "" => ReviewStatus.Pending,
        AllStatuses => null,
        _ => Enum.TryParse<ReviewStatus>(Status, out var status) && Enum.IsDefined(status) ? status : ReviewStatus.Pending,
    };

    /// <summary>
    /// Which filter the store would drop or widen rather than apply, shown to the officer instead of a page that looks
    /// filtered: "plate" (a character no plate has, as VNI typing's É, or no letter or digit: "29É" searched for "29"),
    /// "period" (a time that is not one, outside 2000–2199, or an end not after the start); null when all apply.
    /// </summary>
    public string? Problem()
    {
        if (!string.IsNullOrWhiteSpace(Plate)
            && (Plate.Length > Security.ClientText.MaxPlateLength || PlateKey.ForeignCharacter(Plate) is not null || PlateKey.Normalize(Plate).Length == 0))
        {
            return "plate";
        }

        var (from, to) = (ParseLocal(From), ParseLocal(To));
        return (!string.IsNullOrEmpty(From) && from is null) || (!string.IsNullOrEmpty(To) && to is null) || from >= to ? "period" : null;
    }

    /// <summary>Whether a violation passes these filters (for rows pushed live into an open queue).</summary>
    public bool Matches(ViolationRecord violation)
    {
        var filter = ToStoreFilter();
        return (filter.CameraId is null || filter.CameraId == violation.CameraId)
            && (filter.Kind is null || filter.Kind == violation.Kind)
            && (filter.Status is null || filter.Status == violation.Status)
            && (filter.From is null || violation.OccurredAt >= filter.From)
            && (filter.To is null || violation.OccurredAt < filter.To)
            && (filter.PlateContains is null || PlateKey.Normalize(violation.ReportedPlate ?? string.Empty)
                .Contains(PlateKey.Normalize(filter.PlateContains), StringComparison.Ordinal)
                || PlateKey.Normalize(violation.PlateText ?? string.Empty).Contains(PlateKey.Normalize(filter.PlateContains), StringComparison.Ordinal));
    }

    /// <summary>The query string of these filters (plus <paramref name="extra"/>), for links that keep them.</summary>
    /// <summary>
    /// The queue's filter an officer came from, read from a violation page's address by name: the decision form posts a
    /// field <c>Plate</c> of its own, which bound as a filter would have searched for the plate just typed.
    /// </summary>
    public static QueueFilter FromQuery(IQueryCollection query)
    {
        var filter = new QueueFilter
        {
            Camera = query["camera"], Kind = query["kind"], Status = query["status"], From = query["from"], To = query["to"], Plate = query["plate"],
        };
        return filter.Problem() is null ? filter : new QueueFilter();
    }

    /// <summary>The filter as query values, for links and forms that keep it.</summary>
    public Dictionary<string, string> RouteValues() =>
        new (string Name, string? Value)[] { ("camera", Camera), ("kind", Kind), ("status", Status), ("from", From), ("to", To), ("plate", Plate) }
            .Where(part => !string.IsNullOrEmpty(part.Value))
            .ToDictionary(part => part.Name, part => part.Value!, StringComparer.Ordinal);

    public string Query(params (string Name, string? Value)[] extra)
    {
        var parts = new (string, string?)[] { ("camera", Camera), ("kind", Kind), ("status", Status), ("from", From), ("to", To), ("plate", Plate) }
            .Concat(extra)
            .Where(part => !string.IsNullOrEmpty(part.Item2))
            .Select(part => part.Item1 + "=" + Uri.EscapeDataString(part.Item2!));
        return string.Join("&", parts);
    }

    private static DateTimeOffset? ParseLocal(string? text)
    {
        if (!DateTime.TryParseExact(text, LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !ReportPeriod.IsWithinReach(DateOnly.FromDateTime(local)))
        {
            return null;
        }

        return new DateTimeOffset(local, ReportPeriod.Zone.GetUtcOffset(local));
    }
}
