using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Vision.Service.Delivery;

/// <summary>
/// Open311 GeoReport v2: <c>POST {base}/requests.json</c> with form fields service_code, lat, long, description,
/// media_url and attribute[idempotency_key], plus an <c>Idempotency-Key</c> header; both carry the violation id so a
/// backend that saw a request whose answer was lost recognises the retry.
/// </summary>
public sealed class Open311ReportBackend(HttpClient http, DeliveryOptions options) : IReportBackend
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public async Task<ReportSendResult> SendAsync(ViolationReport report, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("service_code", report.ServiceCode),
            new("description", report.Description),
            new("attribute[idempotency_key]", report.IdempotencyKey),
        };
        if (report.Position is { } position)
        {
            fields.Add(new("lat", position.Latitude.ToString("R", CultureInfo.InvariantCulture)));
            fields.Add(new("long", position.Longitude.ToString("R", CultureInfo.InvariantCulture)));
        }

        if (report.MediaUrl is { } media)
        {
            fields.Add(new("media_url", media.ToString()));
        }

        if (options.Open311ApiKey is { Length: > 0 } apiKey)
        {
            fields.Add(new("api_key", apiKey));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, RequestsUrl(options.Open311BaseUrl!))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        request.Headers.Add(IdempotencyHeader, report.IdempotencyKey);
        return await ReportHttp.SendAsync(http, request, options.RequestTimeout, ReadServiceRequestId, cancellationToken);
    }

    /// <summary>
    /// <c>{base}/requests.json</c>, keeping the base's query: a server hosting several jurisdictions is addressed as
    /// <c>…/v2?jurisdiction_id=hue.gov.vn</c>.
    /// </summary>
    public static Uri RequestsUrl(Uri baseUrl) =>
        new UriBuilder(baseUrl) { Path = baseUrl.AbsolutePath.TrimEnd('/') + "/requests.json" }.Uri;

    /// <summary>GeoReport v2 answers <c>[{"service_request_id": "…"}]</c> (or a token when the id comes later).</summary>
    private static string? ReadServiceRequestId(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var first = json.RootElement.ValueKind == JsonValueKind.Array && json.RootElement.GetArrayLength() > 0 ? json.RootElement[0] : json.RootElement;
            if (first.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in (string[])["service_request_id", "token"])
            {
                // A null or empty id is none: taken as the text "null", a 409 holding it counted as delivered, and the
                // token after it was never read.
                if (first.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                    && (value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString()) is { Length: > 0 } id)
                {
                    return id;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
