using System.Net.Http.Json;
using System.Text.Json;

namespace Vision.Service.Delivery;

/// <summary>A JSON webhook: POST of the report (camelCase fields) with an <c>Idempotency-Key</c> header = the violation id.</summary>
public sealed class WebhookReportBackend(HttpClient http, DeliveryOptions options) : IReportBackend
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ReportSendResult> SendAsync(ViolationReport report, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl)
        {
            Content = JsonContent.Create(new
            {
                report.IdempotencyKey,
                report.ViolationId,
                Kind = report.Kind.ToString(),
                report.ServiceCode,
                report.Plate,
                report.PlateValid,
                report.OccurredAt,
                report.CameraId,
                Latitude = report.Position?.Latitude,
                Longitude = report.Position?.Longitude,
                report.LegalCode,
                report.Description,
                MediaUrl = report.MediaUrl?.ToString(),
                ReviewStatus = report.ReviewStatus.ToString(),
                report.ReviewedBy,
            }, options: Json),
        };
        request.Headers.Add(Open311ReportBackend.IdempotencyHeader, report.IdempotencyKey);
        return await ReportHttp.SendAsync(http, request, options.RequestTimeout, _ => null, cancellationToken);
    }
}
