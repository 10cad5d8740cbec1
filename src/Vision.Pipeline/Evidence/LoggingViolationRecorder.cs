using Microsoft.Extensions.Logging;
using Vision.Domain.Violations;

namespace Vision.Pipeline.Evidence;

/// <summary>
/// The violation recorder used until a violations store is registered: it logs each violation with its evidence
/// package, so nothing is silently lost. A store registered as <see cref="IViolationRecorder"/> replaces it.
/// </summary>
public sealed partial class LoggingViolationRecorder(ILogger<LoggingViolationRecorder> logger) : IViolationRecorder
{
    public Task RecordAsync(ViolationCandidate violation, EvidenceReference? evidence, CancellationToken cancellationToken)
    {
        Recorded(logger, violation.Id, violation.Kind, violation.CameraId, violation.OccurredAt, evidence?.PackageId ?? "none", evidence?.ManifestSha256 ?? "-");
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning,
        Message = "Violation {ViolationId} ({Kind}, camera {CameraId}, {OccurredAt:o}) has no violations store to go to; evidence package {PackageId} (manifest sha256 {ManifestSha256})")]
    private static partial void Recorded(ILogger logger, string violationId, ViolationKind kind, string cameraId, DateTimeOffset occurredAt, string packageId, string manifestSha256);
}
