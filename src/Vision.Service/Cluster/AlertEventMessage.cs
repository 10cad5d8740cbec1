using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vision.Storage;

namespace Vision.Service.Cluster;

/// <summary>
/// A stored alert as published on the event stream: subject <c>vision.events.violation.{camera token}</c> or
/// <c>vision.events.watchlist.{camera token}</c>, header <c>Nats-Msg-Id</c> <c>alert-{position}</c>, payload UTF-8 JSON
/// with <c>position</c>, <c>kind</c> (<c>Violation</c> or <c>WatchlistHit</c>), <c>cameraId</c>, <c>violationId</c>,
/// <c>occurredAt</c>, <c>recordedAt</c>, <c>plateText</c>, <c>summary</c> and <c>details</c> (the kind-specific JSON, or
/// null). The position is the one <c>Alerts.Subscribe</c> streams with, so a follower can switch between the two.
/// </summary>
public static class AlertEventMessage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string MessageId(long position) => string.Create(CultureInfo.InvariantCulture, $"alert-{position}");

    public static byte[] Encode(AlertRecord alert) => JsonSerializer.SerializeToUtf8Bytes(new Body(
        alert.Position, alert.Kind, alert.CameraId, alert.ViolationId, alert.OccurredAt, alert.RecordedAt, alert.PlateText, alert.Summary,
        alert.PayloadJson is null ? null : JsonDocument.Parse(alert.PayloadJson).RootElement), Json);

    public static Body Decode(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<Body>(json, Json) ?? throw new JsonException("empty alert event");

    public sealed record Body(
        long Position, AlertKind Kind, string CameraId, string? ViolationId, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string? PlateText,
        string Summary, JsonElement? Details);
}
