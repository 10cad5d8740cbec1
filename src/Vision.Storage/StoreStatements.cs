namespace Vision.Storage;

/// <summary>Writes shared by the recorder, review and alert log (portable SQL; Dapper parameter names).</summary>
internal static class StoreStatements
{
    public const string InsertAudit =
        "INSERT INTO audit_log (violation_id, at_ms, actor, actor_source, action, detail) VALUES (@ViolationId, @AtMs, @Actor, @ActorSource, @Action, @Detail);";

    public const string EnqueueDelivery = """
        INSERT INTO deliveries (violation_id, status, attempts, created_ms, next_attempt_ms)
        VALUES (@ViolationId, 'Pending', 0, @NowMs, @NowMs)
        ON CONFLICT (violation_id) DO NOTHING;
        """;

    /// <summary>Returns the new position, or nothing when an alert with the same key exists.</summary>
    public const string InsertAlert = """
        INSERT INTO alerts (kind, dedupe_key, camera_id, violation_id, occurred_ms, recorded_ms, plate_text, summary, payload_json)
        VALUES (@Kind, @DedupeKey, @CameraId, @ViolationId, @OccurredMs, @RecordedMs, @PlateText, @Summary, @PayloadJson)
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING position;
        """;
}
