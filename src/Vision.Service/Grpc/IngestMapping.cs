using Google.Protobuf.WellKnownTypes;
using Vision.Contracts.V1;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tracking;
using PipelineDropReason = Vision.Pipeline.Runtime.DropReason;

namespace Vision.Service.Grpc;

/// <summary>Camera pipeline types to ingest contract messages.</summary>
public static class IngestMapping
{
    public static FrameAckOutcome ToContract(IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.Accepted => FrameAckOutcome.Accepted,
        IngestOutcome.Duplicate => FrameAckOutcome.Duplicate,
        IngestOutcome.OutOfOrder => FrameAckOutcome.OutOfOrder,
        IngestOutcome.TooLarge => FrameAckOutcome.TooLarge,
        IngestOutcome.Corrupt => FrameAckOutcome.Corrupt,
        IngestOutcome.ShuttingDown => FrameAckOutcome.ShuttingDown,
        IngestOutcome.CaptureTimeImplausible => FrameAckOutcome.CaptureTimeImplausible,
        IngestOutcome.SequenceJump => FrameAckOutcome.SequenceJump,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static CameraInfo ToContract(CameraDefinition camera) => new()
    {
        Id = camera.Id,
        Name = camera.Name,
        Location = new GeoPoint { Latitude = camera.Latitude, Longitude = camera.Longitude },
        ExpectedFramesPerSecond = camera.ExpectedFramesPerSecond,
        SceneConfiguration = camera.SceneConfiguration,
    };

    /// <returns>Null for events the gateway stream has no message for (watchlist hits, violations): they are not forwarded.</returns>
    public static IngestResponse? ToResponse(CameraEvent cameraEvent, bool includeTracks, ObjectClasses classes) => cameraEvent switch
    {
        FrameDroppedEvent dropped => new IngestResponse
        {
            Dropped = new FrameDropped
            {
                Sequence = (ulong)dropped.Sequence,
                Reason = dropped.Reason == PipelineDropReason.QueueFull ? Contracts.V1.DropReason.QueueFull : Contracts.V1.DropReason.Shutdown,
            },
        },
        FrameCompletedEvent completed => new IngestResponse { Completed = ToContract(completed.Result, includeTracks, classes) },
        _ => null,
    };

    public static FlowStatus ToStatus(CameraPipeline camera, long noticesMissed) => new()
    {
        Received = (ulong)camera.Counters.Received,
        Accepted = (ulong)camera.Counters.Accepted,
        Rejected = (ulong)camera.Counters.Rejected,
        Dropped = (ulong)camera.Counters.Dropped,
        Processed = (ulong)camera.Counters.Processed,
        Failed = (ulong)camera.Counters.Failed,
        QueueDepth = camera.IngestQueueDepth,
        NoticesMissed = (ulong)noticesMissed,
    };

    private static FrameCompleted ToContract(FrameResult result, bool includeTracks, ObjectClasses classes)
    {
        var completed = new FrameCompleted
        {
            Sequence = (ulong)result.Sequence,
            CapturedAt = Timestamp.FromDateTimeOffset(result.CapturedAt),
            Decoded = result.Outcome == FrameOutcome.Processed,
            Failure = result.FailureReason ?? string.Empty,
            ObjectCount = result.Detections.Count,
        };
        if (result.Model is { } model)
        {
            completed.Detector = new ModelInfo { Name = model.Name, Sha256 = model.Sha256 };
        }

        if (includeTracks)
        {
            foreach (var track in result.Tracks)
            {
                var message = ToContract(track, classes);
                foreach (var plate in result.Plates)
                {
                    if (plate.TrackId == track.TrackId)
                    {
                        message.Plate = plate.Consensus.FormattedText ?? plate.Consensus.Text;
                        message.PlateScore = plate.Consensus.Score;
                        message.PlateValid = plate.Consensus.IsValidPlate;
                        message.PlateCharacterConfidences.AddRange(plate.Consensus.CharacterConfidences);
                    }
                }

                completed.Tracks.Add(message);
            }
        }

        return completed;
    }

    private static TrackedObject ToContract(TrackSnapshot track, ObjectClasses classes) => new()
    {
        TrackId = track.TrackId,
        ClassName = classes.NameOf(track.ClassId),
        Box = new PixelBox { Left = track.Box.Left, Top = track.Box.Top, Right = track.Box.Right, Bottom = track.Box.Bottom },
        VelocityX = track.VelocityX,
        VelocityY = track.VelocityY,
        AgeSeconds = track.Age.TotalSeconds,
        State = track.State.ToString(),
        Score = track.Confidence,
    };
}
