using Vision.Domain.Violations;
using Vision.Service.Delivery;
using Vision.Service.Web.Charts;
using Vision.Service.Web.Review;
using Vision.Storage;

namespace Vision.Service.Web.Pages;

/// <summary>One line of the review queue.</summary>
/// <param name="Link">The violation page, with the queue's filter (its "next pending violation" stays in it).</param>
public sealed record QueueRow(
    string Id, DateTimeOffset OccurredLocal, string CameraId, string CameraName, ViolationKind Kind, string? Plate, ReviewStatus Status, ReviewClaim? Claim,
    string Link)
{
    public static QueueRow Of(ViolationRecord violation, string cameraName, ReviewClaim? claim, QueueFilter filter) =>
        new(violation.Id, TimeZoneInfo.ConvertTime(violation.OccurredAt, ReportPeriod.Zone), violation.CameraId, cameraName, violation.Kind,
            ReportedPlate.Of(violation), violation.Status, claim, ViolationModel.Address(violation.Id, filter));
}
