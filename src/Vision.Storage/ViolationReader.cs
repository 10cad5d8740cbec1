using System.Data.Common;
using Dapper;
using Vision.Domain.Geography;
using Vision.Domain.Inference;
using Vision.Domain.Violations;

namespace Vision.Storage;

/// <summary>Reads stored violations with their plate reads, measurements, models and delivery state (one query per table, whatever the count).</summary>
internal static class ViolationReader
{
    public const string SelectColumns = """
        SELECT v.id, v.camera_id, v.kind, v.track_id, v.object_class, v.sequence, v.occurred_ms, v.recorded_ms, v.latitude, v.longitude,
            v.zone_name, v.legal_instrument, v.legal_article, v.legal_clause, v.legal_point, v.fine_min_vnd, v.fine_max_vnd,
            v.scene_id, v.scene_version, v.scene_sha256, v.rule_name, v.plate_text, v.plate_formatted, v.plate_score, v.plate_valid,
            v.plate_character_confidences, v.evidence_package_id, v.evidence_manifest_sha256, v.details_json, v.status, v.version, v.decided_by, v.decided_ms,
            v.reject_reason, v.decision_note, v.corrected_plate,
            d.status AS delivery_status, d.attempts AS delivery_attempts, d.created_ms AS delivery_created_ms,
            d.next_attempt_ms AS delivery_next_attempt_ms, d.last_attempt_ms AS delivery_last_attempt_ms,
            d.last_error AS delivery_last_error, d.sent_ms AS delivery_sent_ms, d.remote_id AS delivery_remote_id
        FROM violations v LEFT JOIN deliveries d ON d.violation_id = v.id
        """;

    public static async Task<IReadOnlyList<ViolationRecord>> ReadAsync(
        SqlDialect dialect, DbConnection connection, string whereOrderLimit, object parameters, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<ViolationRow>(new CommandDefinition(
            SelectColumns + " " + whereOrderLimit, parameters, transaction, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var reads = (await connection.QueryAsync<ChildRow>(new CommandDefinition(
            "SELECT violation_id, rank AS ordinal, text AS name, score AS value, supporting_reads AS count FROM plate_reads WHERE " + dialect.MemberOf("violation_id", "Ids") + " ORDER BY rank;",
            new { Ids = ids }, transaction, cancellationToken: cancellationToken))).ToLookup(r => r.ViolationId);
        var measurements = (await connection.QueryAsync<ChildRow>(new CommandDefinition(
            "SELECT violation_id, ordinal, name, value, unit AS text FROM measurements WHERE " + dialect.MemberOf("violation_id", "Ids") + " ORDER BY ordinal;",
            new { Ids = ids }, transaction, cancellationToken: cancellationToken))).ToLookup(r => r.ViolationId);
        var models = (await connection.QueryAsync<ChildRow>(new CommandDefinition(
            "SELECT violation_id, ordinal, name, sha256 AS text FROM violation_models WHERE " + dialect.MemberOf("violation_id", "Ids") + " ORDER BY ordinal;",
            new { Ids = ids }, transaction, cancellationToken: cancellationToken))).ToLookup(r => r.ViolationId);
        return rows.Select(r => r.ToRecord(
            [.. reads[r.Id].Select(c => new StoredPlateRead((int)c.Ordinal, c.Name, c.Value, (int)c.Count))],
            [.. measurements[r.Id].Select(c => new Measurement(c.Name, c.Value, c.Text!))],
            [.. models[r.Id].Select(c => new ModelIdentity(c.Name, c.Text!))])).ToList();
    }

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed class ChildRow
    {
        public string ViolationId { get; set; } = "";
        public long Ordinal { get; set; }
        public string Name { get; set; } = "";
        public double Value { get; set; }
        public long Count { get; set; }
        public string? Text { get; set; }
    }

    private sealed class ViolationRow
    {
        public string Id { get; set; } = "";
        public string CameraId { get; set; } = "";
        public string Kind { get; set; } = "";
        public long TrackId { get; set; }
        public string ObjectClass { get; set; } = "";
        public long Sequence { get; set; }
        public long OccurredMs { get; set; }
        public long RecordedMs { get; set; }
        public double? Latitude { get; set; }
        public double? Longitude { get; set; }
        public string? ZoneName { get; set; }
        public string? LegalInstrument { get; set; }
        public long? LegalArticle { get; set; }
        public long? LegalClause { get; set; }
        public string? LegalPoint { get; set; }
        public long? FineMinVnd { get; set; }
        public long? FineMaxVnd { get; set; }
        public string SceneId { get; set; } = "";
        public long SceneVersion { get; set; }
        public string SceneSha256 { get; set; } = "";
        public string RuleName { get; set; } = "";
        public string? PlateText { get; set; }
        public string? PlateFormatted { get; set; }
        public double? PlateScore { get; set; }
        public long? PlateValid { get; set; }
        public string? PlateCharacterConfidences { get; set; }
        public string? EvidencePackageId { get; set; }
        public string? EvidenceManifestSha256 { get; set; }
        public string DetailsJson { get; set; } = "";
        public string Status { get; set; } = "";
        public long Version { get; set; }
        public string? DecidedBy { get; set; }
        public long? DecidedMs { get; set; }
        public string? RejectReason { get; set; }
        public string? DecisionNote { get; set; }
        public string? CorrectedPlate { get; set; }
        public string? DeliveryStatus { get; set; }
        public long? DeliveryAttempts { get; set; }
        public long? DeliveryCreatedMs { get; set; }
        public long? DeliveryNextAttemptMs { get; set; }
        public long? DeliveryLastAttemptMs { get; set; }
        public string? DeliveryLastError { get; set; }
        public long? DeliverySentMs { get; set; }
        public string? DeliveryRemoteId { get; set; }

        public ViolationRecord ToRecord(IReadOnlyList<StoredPlateRead> reads, IReadOnlyList<Measurement> measurements, IReadOnlyList<ModelIdentity> models) => new(
            Id, CameraId, Enum.Parse<ViolationKind>(Kind), TrackId, ObjectClass, Sequence, At(OccurredMs), At(RecordedMs),
            Latitude is { } lat && Longitude is { } lon ? new GeoPosition(lat, lon) : null,
            ZoneName,
            LegalInstrument is null ? null : new LegalReference(LegalInstrument, (int)LegalArticle!.Value, (int)LegalClause!.Value, LegalPoint!,
                new FineRange(FineMinVnd!.Value, FineMaxVnd!.Value)),
            new RuleProvenance(SceneId, (int)SceneVersion, SceneSha256, RuleName),
            models, measurements, PlateText, PlateFormatted, PlateScore, PlateValid is null ? null : PlateValid == 1, reads,
            EvidencePackageId is null ? null : new EvidenceReference(EvidencePackageId, EvidenceManifestSha256!),
            ViolationDetails.FromJson(DetailsJson),
            Enum.Parse<ReviewStatus>(Status), Version, DecidedBy, DecidedMs is { } decided ? At(decided) : null,
            RejectReason is null ? null : Enum.Parse<RejectReason>(RejectReason), DecisionNote, CorrectedPlate,
            DeliveryStatus is null ? null : new DeliveryState(Id, Enum.Parse<DeliveryStatus>(DeliveryStatus), (int)DeliveryAttempts!.Value,
                At(DeliveryCreatedMs!.Value), At(DeliveryNextAttemptMs!.Value), DeliveryLastAttemptMs is { } last ? At(last) : null,
                DeliveryLastError, DeliverySentMs is { } sent ? At(sent) : null, DeliveryRemoteId))
        {
            PlateCharacterConfidences = PlateConfidenceText.Read(PlateCharacterConfidences),
        };
    }
}
