namespace Vision.Pipeline.Tracing;

/// <summary>Attribute names of the pipeline's spans (none of them carries plate text or other personal data).</summary>
public static class SpanAttributes
{
    public const string CameraId = "vision.camera.id";
    public const string FrameSequence = "vision.frame.sequence";
    public const string FrameOutcome = "vision.frame.outcome";
    public const string DropReason = "vision.frame.drop_reason";
    public const string ImageWidth = "vision.image.width";
    public const string ImageHeight = "vision.image.height";
    public const string ImageFormat = "vision.image.format";
    public const string ModelName = "vision.model.name";
    public const string ModelSha256 = "vision.model.sha256";
    public const string ExecutionProvider = "vision.model.execution_provider";
    public const string DetectionProfile = "vision.detection.profile";
    public const string DetectionCount = "vision.detection.count";
    public const string TrackCount = "vision.track.count";
    public const string PlateReadCount = "vision.plate.read_count";
    public const string ViolationCount = "vision.violation.count";
    public const string ViolationId = "vision.violation.id";
    public const string ViolationKind = "vision.violation.kind";
    public const string EvidenceBuilt = "vision.evidence.built";
    public const string RejectionReason = "vision.rejection.reason";
    public const string AdmissionMethod = "vision.admission.method";
    public const string AdmissionPixels = "vision.admission.pixels";
    public const string AdmissionOutcome = "vision.admission.outcome";
    public const string LegitimacyScore = "vision.triage.legitimacy_score";
    /// <summary>The stable codes of the reasons that lowered the legitimacy score, comma-separated.</summary>
    public const string LoweredBy = "vision.triage.lowered_by";
    public const string ReasonCount = "vision.triage.reason_count";
}
