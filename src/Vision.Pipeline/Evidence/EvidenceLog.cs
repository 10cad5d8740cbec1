using Microsoft.Extensions.Logging;

namespace Vision.Pipeline.Evidence;

internal static partial class EvidenceLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information,
        Message = "Evidence package {PackageId} sealed for violation {ViolationId}: {KeyFrames} key frames, {ClipFrames} clip frames in {TotalMs:F0} ms (clip {ClipMs:F0} ms, redaction {RedactionMs:F0} ms)")]
    public static partial void PackageBuilt(ILogger logger, string packageId, string violationId, int keyFrames, int clipFrames, double totalMs, double clipMs, double redactionMs);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "No evidence package for violation {ViolationId}: {Reason}; it is recorded without evidence")]
    public static partial void PackageNotBuilt(ILogger logger, string violationId, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Building the evidence package for violation {ViolationId} failed; it is recorded without evidence")]
    public static partial void PackageFailed(ILogger logger, Exception error, string violationId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Recording violation {ViolationId} failed (attempt {Attempt})")]
    public static partial void RecordFailed(ILogger logger, Exception error, string violationId, int attempt);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Evidence package {PackageId} for violation {ViolationId} was already stored; kept as it was")]
    public static partial void PackageAlreadyStored(ILogger logger, string packageId, string violationId);

    [LoggerMessage(EventId = 6030, Level = LogLevel.Warning,
        Message = "Violation {ViolationId} was raised before the service last stopped but never recorded; recording it now (sealed package: {PackageId})")]
    public static partial void Recovered(ILogger logger, string violationId, string? packageId);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning,
        Message = "Evidence package {PackageId} was sealed after its build's time limit; violation {ViolationId}, recorded without evidence, is given it now")]
    public static partial void SealedLate(ILogger logger, string packageId, string violationId);

    [LoggerMessage(EventId = 6031, Level = LogLevel.Error,
        Message = "Violation {ViolationId} could not be written to the journal of unrecorded violations; it is held in memory until recorded (a crash before that loses it)")]
    public static partial void NotJournaled(ILogger logger, Exception error, string violationId);

    [LoggerMessage(EventId = 6032, Level = LogLevel.Error,
        Message = "Violation {ViolationId} is recorded but could not be removed from the journal of unrecorded violations; the next start records it again (the store keeps it once)")]
    public static partial void NotRemovedFromJournal(ILogger logger, Exception error, string violationId);
}
