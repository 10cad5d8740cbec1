using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Vision.Domain.Violations;

namespace Vision.Storage;

/// <summary>
/// The durable end of the violation path: the violation, its plate reads, measurements, models, evidence reference,
/// a pending review status, an audit entry, an alert and (when every detection is delivered) an outbox row, all in
/// one transaction. Idempotent on the candidate's id: recording it again changes nothing, but for its package when it was
/// recorded without one and the package was sealed later.
/// </summary>
public sealed partial class ViolationRecorder(
    ViolationDatabase database, CameraPositions cameras, AlertSignal alerts, DeliveryTrigger trigger, ILogger<ViolationRecorder> logger)
    : IViolationRecorder
{
    private const string InsertViolation = """
        INSERT INTO violations (id, camera_id, kind, track_id, object_class, sequence, occurred_ms, recorded_ms, latitude, longitude,
            zone_name, legal_instrument, legal_article, legal_clause, legal_point, fine_min_vnd, fine_max_vnd,
            scene_id, scene_version, scene_sha256, rule_name, plate_text, plate_formatted, plate_score, plate_valid,
            plate_character_confidences, evidence_package_id, evidence_manifest_sha256, details_json, status, version)
        VALUES (@Id, @CameraId, @Kind, @TrackId, @ObjectClass, @Sequence, @OccurredMs, @RecordedMs, @Latitude, @Longitude,
            @ZoneName, @LegalInstrument, @LegalArticle, @LegalClause, @LegalPoint, @FineMinVnd, @FineMaxVnd,
            @SceneId, @SceneVersion, @SceneSha256, @RuleName, @PlateText, @PlateFormatted, @PlateScore, @PlateValid,
            @PlateCharacterConfidences, @EvidencePackageId, @EvidenceManifestSha256, @DetailsJson, 'Pending', 1)
        ON CONFLICT (id) DO NOTHING;
        """;

    // The version is left as it is: it guards officers' decisions, which a package arriving does not change (an officer
    // deciding the violation meanwhile must not be told another officer decided first).
    private const string LinkEvidence = """
        UPDATE violations SET evidence_package_id = @PackageId, evidence_manifest_sha256 = @ManifestSha256
        WHERE id = @Id AND evidence_package_id IS NULL;
        """;

    /// <summary>The audit action of a package linked to a violation recorded without one.</summary>
    public const string EvidenceLinkedAction = "evidence linked";

    /// <summary>
    /// Stores the violation; returns false when a violation with this id was already stored. Nothing of it changes then,
    /// but for a package sealed after it was recorded without one (<see cref="LinkLateEvidenceAsync"/>).
    /// </summary>
    public async Task<bool> TryRecordAsync(ViolationCandidate violation, EvidenceReference? evidence, CancellationToken cancellationToken)
    {
        var nowMs = database.NowMs;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var write = new Write(connection, transaction, violation, nowMs, cancellationToken);
        if (!await InsertViolationAsync(write, evidence))
        {
            if (evidence is not null && await LinkLateEvidenceAsync(write, evidence))
            {
                await transaction.CommitAsync(cancellationToken);
                LateEvidenceLinked(logger, violation.Id, evidence.PackageId);
            }
            else
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            return false;
        }

        await InsertPlateReadsAsync(write);
        await InsertMeasurementsAndModelsAsync(write);
        await InsertAuditAsync(write, evidence);
        if (trigger == DeliveryTrigger.OnDetection)
        {
            await connection.ExecuteAsync(new CommandDefinition(StoreStatements.EnqueueDelivery,
                new { ViolationId = violation.Id, NowMs = nowMs }, transaction, cancellationToken: cancellationToken));
        }

        await InsertAlertAsync(write);
        await transaction.CommitAsync(cancellationToken);
        alerts.Pulse();
        ViolationRecorded(logger, violation.Id, violation.Kind, evidence?.PackageId);
        return true;
    }

    /// <returns>False when the violation was recorded before (the id is taken).</returns>
    private async Task<bool> InsertViolationAsync(Write write, EvidenceReference? evidence)
    {
        var violation = write.Violation;
        var position = cameras.Find(violation.CameraId);
        var consensus = violation.Plate?.Consensus;
        var inserted = await write.Connection.ExecuteAsync(new CommandDefinition(InsertViolation, new
        {
            violation.Id,
            violation.CameraId,
            Kind = violation.Kind.ToString(),
            violation.TrackId,
            violation.ObjectClass,
            violation.Sequence,
            OccurredMs = violation.OccurredAt.ToUnixTimeMilliseconds(),
            RecordedMs = write.NowMs,
            position?.Latitude,
            position?.Longitude,
            violation.ZoneName,
            LegalInstrument = violation.Legal?.Instrument,
            LegalArticle = (long?)violation.Legal?.Article,
            LegalClause = (long?)violation.Legal?.Clause,
            LegalPoint = violation.Legal?.Point,
            FineMinVnd = violation.Legal?.Fine.MinimumVnd,
            FineMaxVnd = violation.Legal?.Fine.MaximumVnd,
            violation.Provenance.SceneId,
            SceneVersion = (long)violation.Provenance.SceneVersion,
            violation.Provenance.SceneSha256,
            violation.Provenance.RuleName,
            PlateText = consensus is null ? null : PlateKey.Normalize(consensus.Text),
            PlateFormatted = consensus?.FormattedText,
            PlateScore = consensus?.Score,
            PlateValid = consensus is null ? (long?)null : consensus.IsValidPlate ? 1 : 0,
            PlateCharacterConfidences = consensus is null ? null : PlateConfidenceText.Write(consensus.CharacterConfidences),
            EvidencePackageId = evidence?.PackageId,
            EvidenceManifestSha256 = evidence?.ManifestSha256,
            DetailsJson = ViolationDetails.Of(violation).ToJson(),
        }, write.Transaction, cancellationToken: write.CancellationToken));
        return inserted > 0;
    }

    /// <summary>
    /// A violation recorded without evidence whose package was sealed after all (a build that outlasted its time limit, a
    /// node that took the camera over and recorded the journal's entry while its first owner was still building) gets
    /// it now, audited. A package already linked is never replaced.
    /// </summary>
    private static async Task<bool> LinkLateEvidenceAsync(Write write, EvidenceReference evidence)
    {
        var linked = await write.Connection.ExecuteAsync(new CommandDefinition(LinkEvidence,
            new { write.Violation.Id, evidence.PackageId, evidence.ManifestSha256 }, write.Transaction, cancellationToken: write.CancellationToken));
        if (linked == 0)
        {
            return false;
        }

        await write.Connection.ExecuteAsync(new CommandDefinition(StoreStatements.InsertAudit, new
        {
            ViolationId = write.Violation.Id,
            AtMs = write.NowMs,
            Actor = "system",
            ActorSource = AuditEntry.SystemSource,
            Action = EvidenceLinkedAction,
            Detail = $"evidence {evidence.PackageId} sha256 {evidence.ManifestSha256}, sealed after the violation was recorded without it",
        }, write.Transaction, cancellationToken: write.CancellationToken));
        return true;
    }

    private static async Task InsertPlateReadsAsync(Write write)
    {
        var violation = write.Violation;
        if (violation.Plate?.Consensus is not { } consensus)
        {
            return;
        }

        var reads = consensus.Alternatives
            .Select((a, i) => new { ViolationId = violation.Id, Rank = (long)i + 1, a.Text, a.Score, SupportingReads = (long)a.SupportingReads })
            .Prepend(new { ViolationId = violation.Id, Rank = 0L, consensus.Text, consensus.Score, SupportingReads = (long)consensus.SupportingReads });
        await write.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO plate_reads (violation_id, rank, text, score, supporting_reads) VALUES (@ViolationId, @Rank, @Text, @Score, @SupportingReads);",
            reads, write.Transaction, cancellationToken: write.CancellationToken));
    }

    private static async Task InsertMeasurementsAndModelsAsync(Write write)
    {
        var violation = write.Violation;
        await write.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO measurements (violation_id, ordinal, name, value, unit) VALUES (@ViolationId, @Ordinal, @Name, @Value, @Unit);",
            violation.Measurements.Select((m, i) => new { ViolationId = violation.Id, Ordinal = (long)i, m.Name, m.Value, m.Unit }),
            write.Transaction, cancellationToken: write.CancellationToken));
        await write.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO violation_models (violation_id, ordinal, name, sha256) VALUES (@ViolationId, @Ordinal, @Name, @Sha256);",
            violation.Models.Select((m, i) => new { ViolationId = violation.Id, Ordinal = (long)i, m.Name, m.Sha256 }),
            write.Transaction, cancellationToken: write.CancellationToken));
    }

    private static Task<int> InsertAuditAsync(Write write, EvidenceReference? evidence) =>
        write.Connection.ExecuteAsync(new CommandDefinition(StoreStatements.InsertAudit, new
        {
            ViolationId = write.Violation.Id,
            AtMs = write.NowMs,
            Actor = "system",
            ActorSource = AuditEntry.SystemSource,
            Action = "recorded",
            Detail = evidence is null ? "evidence package missing" : $"evidence {evidence.PackageId} sha256 {evidence.ManifestSha256}",
        }, write.Transaction, cancellationToken: write.CancellationToken));

    private async Task InsertAlertAsync(Write write)
    {
        if (database.Dialect.AlertOrderLock.Length > 0)
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(database.Dialect.AlertOrderLock, transaction: write.Transaction,
                cancellationToken: write.CancellationToken));
        }

        var violation = write.Violation;
        var consensus = violation.Plate?.Consensus;
        var plate = consensus?.FormattedText ?? consensus?.Text;
        await write.Connection.ExecuteScalarAsync<long?>(new CommandDefinition(StoreStatements.InsertAlert, new
        {
            Kind = nameof(AlertKind.Violation),
            DedupeKey = "violation:" + violation.Id,
            violation.CameraId,
            ViolationId = violation.Id,
            OccurredMs = violation.OccurredAt.ToUnixTimeMilliseconds(),
            RecordedMs = write.NowMs,
            PlateText = plate,
            Summary = $"{ViolationKindNames.Vietnamese(violation.Kind)} tại camera {violation.CameraId}" + (plate is null ? string.Empty : $", biển số {plate}"),
            PayloadJson = (string?)null,
        }, write.Transaction, cancellationToken: write.CancellationToken));
    }

    /// <summary>One recording's open transaction and what every statement of it shares.</summary>
    private sealed record Write(DbConnection Connection, DbTransaction Transaction, ViolationCandidate Violation, long NowMs, CancellationToken CancellationToken);

    public Task RecordAsync(ViolationCandidate violation, EvidenceReference? evidence, CancellationToken cancellationToken) =>
        TryRecordAsync(violation, evidence, cancellationToken);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Violation {ViolationId}, recorded without evidence, now has its package {PackageId} (sealed later)")]
    private static partial void LateEvidenceLinked(ILogger logger, string violationId, string packageId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Violation {ViolationId} ({Kind}) recorded, evidence {PackageId}")]
    private static partial void ViolationRecorded(ILogger logger, string violationId, ViolationKind kind, string? packageId);
}
