using Microsoft.Extensions.Logging;
using Vision.Domain.Violations;
using Vision.Pipeline.Runtime;

namespace Vision.Pipeline.Rules;

/// <summary>
/// One camera's observers of its violations: logs every violation and tells the camera's subscribers with a
/// <see cref="ViolationRaisedEvent"/> on the camera's own hub. Never blocks.
/// </summary>
public sealed partial class ViolationEventSink(ILogger<ViolationEventSink> logger, CameraEventHub events) : IViolationSink
{
    public void Submit(ViolationCandidate candidate)
    {
        // Speeding (measured on the calibrated ground) and overloaded motorbikes have no zone to name.
        if (candidate.ZoneName is { Length: > 0 } zone)
        {
            ViolationRaised(logger, candidate.CameraId, candidate.Kind, candidate.TrackId, candidate.ObjectClass, candidate.Sequence, zone, candidate.Legal, candidate.Id);
        }
        else
        {
            ViolationRaisedOutsideZones(logger, candidate.CameraId, candidate.Kind, candidate.TrackId, candidate.ObjectClass, candidate.Sequence, candidate.Legal,
                candidate.Id);
        }

        events.Publish(new ViolationRaisedEvent(candidate));
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Violation {Kind} on camera {CameraId}: track {TrackId} ({ObjectClass}) at frame {Sequence}, zone {Zone}, {Legal} (id {ViolationId})")]
    private static partial void ViolationRaised(ILogger logger, string cameraId, ViolationKind kind, long trackId, string objectClass,
        long sequence, string zone, LegalReference? legal, string violationId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Violation {Kind} on camera {CameraId}: track {TrackId} ({ObjectClass}) at frame {Sequence}, {Legal} (id {ViolationId})")]
    private static partial void ViolationRaisedOutsideZones(ILogger logger, string cameraId, ViolationKind kind, long trackId, string objectClass,
        long sequence, LegalReference? legal, string violationId);
}
