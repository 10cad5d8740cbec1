using System.Globalization;
using System.Text;
using Vision.Domain.Geography;
using Vision.Domain.Violations;
using Vision.Storage;

namespace Vision.Service.Delivery;

/// <summary>
/// A violation as the report backend receives it: service code, position, a Vietnamese description for the citizen
/// service desk (plate, violation, legal article, local time), the redacted evidence image and the idempotency key.
/// </summary>
public sealed record ViolationReport(
    string IdempotencyKey,
    string ServiceCode,
    GeoPosition? Position,
    string Description,
    Uri? MediaUrl,
    string ViolationId,
    ViolationKind Kind,
    string? Plate,
    DateTimeOffset OccurredAt,
    string CameraId,
    string? LegalCode)
{
    /// <summary>Confirmed, Corrected, or Pending (sent at detection, before an officer checked it).</summary>
    public ReviewStatus ReviewStatus { get; init; }

    /// <summary>The officer who decided, when one did.</summary>
    public string? ReviewedBy { get; init; }

    /// <summary>
    /// Whether <see cref="Plate"/> is a plate to look a vehicle up by: one the reader read as a valid plate, or one an
    /// officer typed or confirmed. False for a partial or unsure read sent before review (it named a vehicle as surely as
    /// a checked plate).
    /// </summary>
    public bool PlateValid { get; init; }

    private static readonly TimeZoneInfo VietnamTime = StatisticsQuery.VietnamTime();

    public static ViolationReport Of(ViolationRecord violation, DeliveryOptions options)
    {
        var plate = ReportedPlate.Of(violation);
        // An officer who confirmed the violation with the machine's plate checked that plate against the crop.
        var plateValid = violation.CorrectedPlate is not null || violation.PlateValid == true || violation.Status == ReviewStatus.Confirmed;
        var local = TimeZoneInfo.ConvertTime(violation.OccurredAt, VietnamTime);
        var text = new StringBuilder()
            .Append("Hành vi vi phạm: ").Append(ViolationKindNames.Vietnamese(violation.Kind)).Append(". ");
        if (HasAPlate(violation) || plate is not null)
        {
            // The evidence image (media_url) is stamped with the machine's read: a corrected plate says so, or the desk sees
            // two plates for one vehicle.
            var machineRead = violation.Evidence is not null && options.PublicEvidenceBaseUrl is not null ? violation.PlateFormatted ?? violation.PlateText : null;
            text.Append("Biển số: ").Append(plate ?? "không đọc được")
                .Append(violation.CorrectedPlate is null ? null
                    : machineRead is null ? " (cán bộ đã hiệu chỉnh). "
                    : $" (cán bộ đã hiệu chỉnh; ảnh ghi biển số máy đọc {machineRead}). ")
                .Append(violation.CorrectedPlate is not null ? null
                    : plate is not null && !plateValid && violation.Status == ReviewStatus.Pending ? " (máy đọc chưa chắc chắn, cần kiểm tra). "
                    : ". ");
        }

        if (violation.Legal is { } legal)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"Căn cứ: {legal.InstrumentInVietnamese}, Điều {legal.Article} khoản {legal.Clause} điểm {legal.Point}; mức phạt {Dong(legal.Fine.MinimumVnd)} - {Dong(legal.Fine.MaximumVnd)} đồng. ");
        }

        text.Append(CultureInfo.InvariantCulture, $"Thời gian: {local:HH:mm:ss dd/MM/yyyy} (giờ Việt Nam). ")
            .Append("Camera: ").Append(violation.CameraId).Append(". Mã vi phạm: ").Append(violation.Id).Append('.')
            // The city's system must tell a report the police checked from a machine detection sent before review.
            .Append(violation.Status == ReviewStatus.Pending
                ? " Chưa được cán bộ kiểm tra (gửi ngay khi phát hiện)."
                : " Đã được cán bộ kiểm tra và xác nhận.");
        var media = violation.Evidence is { } evidence && options.PublicEvidenceBaseUrl is { } publicBase
            ? new Uri(publicBase.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(evidence.PackageId) + "/redacted/overview.jpg")
            : null;
        return new ViolationReport(violation.Id, options.ServiceCodes.GetValueOrDefault(violation.Kind, options.DefaultServiceCode),
            violation.Position, text.ToString(), media, violation.Id, violation.Kind, plate, violation.OccurredAt, violation.CameraId,
            violation.Legal?.Code)
        {
            ReviewStatus = violation.Status,
            PlateValid = plate is not null && plateValid,
            ReviewedBy = violation.DecidedBy,
        };
    }

    /// <summary>An amount as written in Vietnamese: dots between thousands (4.000.000).</summary>
    /// <summary>Whether the violation is one plated vehicle's (a plate to read): a stall's goods, a parking lot, animals and
    /// a bicycle (never read for a plate) are not.</summary>
    private static bool HasAPlate(ViolationRecord violation) =>
        violation.Kind is not (ViolationKind.SidewalkEncroachment or ViolationKind.SidewalkParkingLot or ViolationKind.LooseCattle or ViolationKind.AnimalOnRoad)
        && !Pipeline.Plates.UnplatedVehicles.Contains(violation.ObjectClass);

    private static string Dong(long amount) => amount.ToString("N0", CultureInfo.InvariantCulture).Replace(',', '.');
}
