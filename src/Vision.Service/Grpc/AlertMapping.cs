using Google.Protobuf.WellKnownTypes;
using Vision.Storage;
using Contract = Vision.Contracts.V1;

namespace Vision.Service.Grpc;

/// <summary>Stored alerts → alert contract messages.</summary>
public static class AlertMapping
{
    public static Contract.Alert ToContract(AlertRecord alert)
    {
        var message = new Contract.Alert
        {
            Position = alert.Position,
            Kind = alert.Kind == AlertKind.Violation ? Contract.AlertKind.Violation : Contract.AlertKind.WatchlistHit,
            CameraId = alert.CameraId,
            OccurredAt = Timestamp.FromDateTimeOffset(alert.OccurredAt),
            RecordedAt = Timestamp.FromDateTimeOffset(alert.RecordedAt),
            Plate = alert.PlateText ?? string.Empty,
            Summary = alert.Summary,
            ViolationId = alert.ViolationId ?? string.Empty,
        };
        if (WatchlistAlert.FromJson(alert.PayloadJson) is { } hit)
        {
            message.Watchlist = new Contract.WatchlistHitInfo
            {
                ListedPlate = hit.ListedPlate,
                Reason = hit.Reason,
                Note = hit.Note ?? string.Empty,
                MatchKind = hit.MatchKind.ToString(),
                EditDistance = hit.EditDistance,
                TrackId = hit.TrackId,
                Sequence = hit.Sequence,
            };
        }

        return message;
    }
}
