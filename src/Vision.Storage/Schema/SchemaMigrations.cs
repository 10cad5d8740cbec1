namespace Vision.Storage.Schema;

/// <summary>
/// The schema, as an append-only list of numbered steps. Never edit a released step; add the next number.
/// Times are UTC Unix milliseconds (BIGINT) so both engines sort, compare and bucket them the same way.
/// </summary>
public static class SchemaMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "violations, plate reads, measurements, models, audit log, alerts, delivery outbox, report photos", """
            CREATE TABLE violations (
                id TEXT PRIMARY KEY,
                camera_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                track_id BIGINT NOT NULL,
                object_class TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                occurred_ms BIGINT NOT NULL,
                recorded_ms BIGINT NOT NULL,
                latitude DOUBLE PRECISION NULL,
                longitude DOUBLE PRECISION NULL,
                zone_name TEXT NULL,
                legal_instrument TEXT NULL,
                legal_article BIGINT NULL,
                legal_clause BIGINT NULL,
                legal_point TEXT NULL,
                fine_min_vnd BIGINT NULL,
                fine_max_vnd BIGINT NULL,
                scene_id TEXT NOT NULL,
                scene_version BIGINT NOT NULL,
                scene_sha256 TEXT NOT NULL,
                rule_name TEXT NOT NULL,
                plate_text TEXT NULL,
                plate_formatted TEXT NULL,
                plate_score DOUBLE PRECISION NULL,
                plate_valid BIGINT NULL,
                evidence_package_id TEXT NULL,
                evidence_manifest_sha256 TEXT NULL,
                details_json TEXT NOT NULL,
                status TEXT NOT NULL,
                version BIGINT NOT NULL,
                decided_by TEXT NULL,
                decided_ms BIGINT NULL,
                reject_reason TEXT NULL,
                decision_note TEXT NULL,
                corrected_plate TEXT NULL
            );
            CREATE INDEX ix_violations_newest ON violations (occurred_ms DESC, id DESC);
            CREATE INDEX ix_violations_status ON violations (status, occurred_ms);
            CREATE INDEX ix_violations_camera ON violations (camera_id, occurred_ms);

            CREATE TABLE plate_reads (
                violation_id TEXT NOT NULL REFERENCES violations (id),
                rank BIGINT NOT NULL,
                text TEXT NOT NULL,
                score DOUBLE PRECISION NOT NULL,
                supporting_reads BIGINT NOT NULL,
                PRIMARY KEY (violation_id, rank)
            );

            CREATE TABLE measurements (
                violation_id TEXT NOT NULL REFERENCES violations (id),
                ordinal BIGINT NOT NULL,
                name TEXT NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                unit TEXT NOT NULL,
                PRIMARY KEY (violation_id, ordinal)
            );

            CREATE TABLE violation_models (
                violation_id TEXT NOT NULL REFERENCES violations (id),
                ordinal BIGINT NOT NULL,
                name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                PRIMARY KEY (violation_id, ordinal)
            );

            CREATE TABLE audit_log (
                id {identity},
                violation_id TEXT NOT NULL REFERENCES violations (id),
                at_ms BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                detail TEXT NULL
            );
            CREATE INDEX ix_audit_log_violation ON audit_log (violation_id, id);

            CREATE TABLE alerts (
                position {identity},
                kind TEXT NOT NULL,
                dedupe_key TEXT NOT NULL UNIQUE,
                camera_id TEXT NOT NULL,
                violation_id TEXT NULL,
                occurred_ms BIGINT NOT NULL,
                recorded_ms BIGINT NOT NULL,
                plate_text TEXT NULL,
                summary TEXT NOT NULL,
                payload_json TEXT NULL
            );

            CREATE TABLE deliveries (
                violation_id TEXT PRIMARY KEY REFERENCES violations (id),
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                created_ms BIGINT NOT NULL,
                next_attempt_ms BIGINT NOT NULL,
                last_attempt_ms BIGINT NULL,
                last_error TEXT NULL,
                sent_ms BIGINT NULL,
                remote_id TEXT NULL
            );
            CREATE INDEX ix_deliveries_due ON deliveries (status, next_attempt_ms);

            CREATE TABLE report_photos (
                report_id TEXT PRIMARY KEY,
                fingerprint {blob} NOT NULL,
                latitude DOUBLE PRECISION NULL,
                longitude DOUBLE PRECISION NULL,
                reported_ms BIGINT NOT NULL
            );
            CREATE INDEX ix_report_photos_time ON report_photos (reported_ms);
            """),
        new(2, "per-character confidences of the machine's plate read", """
            ALTER TABLE violations ADD COLUMN plate_character_confidences TEXT NULL;
            """),
        new(3, "sidewalk zone occupancy per camera, zone, UTC hour and camera run (street-order statistics)", """
            CREATE TABLE zone_occupancy (
                camera_id TEXT NOT NULL,
                zone_name TEXT NOT NULL,
                hour_ms BIGINT NOT NULL,
                run_started_ms BIGINT NOT NULL,
                observed_seconds DOUBLE PRECISION NOT NULL,
                share_seconds DOUBLE PRECISION NOT NULL,
                parked_vehicle_seconds DOUBLE PRECISION NOT NULL,
                peak_share DOUBLE PRECISION NOT NULL,
                peak_parked_vehicles BIGINT NOT NULL,
                PRIMARY KEY (camera_id, zone_name, hour_ms, run_started_ms)
            );
            CREATE INDEX ix_zone_occupancy_hour ON zone_occupancy (hour_ms);
            """),
        new(4, "last accepted frame sequence per gateway camera (the resume point after a restart)", """
            CREATE TABLE camera_sequences (
                camera_id TEXT PRIMARY KEY,
                last_accepted_sequence BIGINT NOT NULL,
                updated_ms BIGINT NOT NULL
            );
            """),
        new(5, "local accounts, API keys, the source of each audited identity", """
            CREATE TABLE accounts (
                username TEXT PRIMARY KEY,
                display_name TEXT NOT NULL,
                roles TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                security_stamp TEXT NOT NULL,
                disabled BIGINT NOT NULL,
                failed_attempts BIGINT NOT NULL,
                locked_until_ms BIGINT NULL,
                created_ms BIGINT NOT NULL,
                changed_ms BIGINT NOT NULL,
                last_sign_in_ms BIGINT NULL
            );

            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                cameras TEXT NOT NULL,
                secret_sha256 TEXT NOT NULL,
                created_ms BIGINT NOT NULL,
                revoked_ms BIGINT NULL
            );

            ALTER TABLE audit_log ADD COLUMN actor_source TEXT NULL;
            """),
        new(6, "sign-in sessions of local accounts, so signing out ends a session on every node", """
            CREATE TABLE sign_in_sessions (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL,
                started_ms BIGINT NOT NULL,
                ends_ms BIGINT NOT NULL
            );
            CREATE INDEX ix_sign_in_sessions_ends ON sign_in_sessions (ends_ms);
            """),
        new(7, "every photo of a report in the duplicate index, not only its first (keyed by report and fingerprint)", """
            CREATE TABLE report_photos_by_photo (
                report_id TEXT NOT NULL,
                fingerprint {blob} NOT NULL,
                latitude DOUBLE PRECISION NULL,
                longitude DOUBLE PRECISION NULL,
                reported_ms BIGINT NOT NULL,
                PRIMARY KEY (report_id, fingerprint)
            );
            INSERT INTO report_photos_by_photo (report_id, fingerprint, latitude, longitude, reported_ms)
                SELECT report_id, fingerprint, latitude, longitude, reported_ms FROM report_photos;
            DROP TABLE report_photos;
            ALTER TABLE report_photos_by_photo RENAME TO report_photos;
            CREATE INDEX ix_report_photos_time ON report_photos (reported_ms);
            """),
        new(8, "the web app's key ring (sign-in cookies and anti-forgery tokens), shared by every node of the store", """
            CREATE TABLE key_ring (
                name TEXT PRIMARY KEY,
                xml TEXT NOT NULL,
                stored_ms BIGINT NOT NULL
            );
            """),
    ];
}
