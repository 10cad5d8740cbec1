using Dapper;

namespace Vision.Storage;

/// <summary>
/// The transactional outbox of reports for the report backend. Rows are written with the decision (or detection) that
/// makes them due; the dispatcher takes due rows, sends them and records each attempt's outcome here.
/// </summary>
public sealed class DeliveryOutbox(ViolationDatabase database)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries, oldest due first: their next attempt moves to now +
    /// <paramref name="lease"/>, so another dispatcher (another service instance on PostgreSQL) does not send them at
    /// the same time, and a dispatcher that dies mid-send leaves them due again when the lease ends.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryState>> ClaimDueAsync(int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        var nowMs = database.NowMs;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition($"""
            UPDATE deliveries SET next_attempt_ms = @LeaseUntilMs,
                last_error = CASE WHEN last_error = @WaitingForReview THEN NULL ELSE last_error END
            WHERE violation_id IN (
                SELECT violation_id FROM deliveries WHERE status = 'Pending' AND next_attempt_ms <= @NowMs
                ORDER BY next_attempt_ms, violation_id LIMIT @Limit{database.Dialect.SkipLockedRows})
            RETURNING violation_id, status, attempts, created_ms, next_attempt_ms, last_attempt_ms, last_error, sent_ms, remote_id;
            """, new { NowMs = nowMs, LeaseUntilMs = nowMs + (long)lease.TotalMilliseconds, Limit = (long)limit, WaitingForReview = WaitingForReviewNote }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return rows.Select(r => r.ToState()).OrderBy(d => d.CreatedAt).ThenBy(d => d.ViolationId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Pending deliveries whose next attempt is due, oldest due first (read only; the dispatcher claims instead).</summary>
    public async Task<IReadOnlyList<DeliveryState>> DueAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition("""
            SELECT violation_id, status, attempts, created_ms, next_attempt_ms, last_attempt_ms, last_error, sent_ms, remote_id
            FROM deliveries WHERE status = 'Pending' AND next_attempt_ms <= @NowMs ORDER BY next_attempt_ms, violation_id LIMIT @Limit;
            """, new { database.NowMs, Limit = (long)limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToState()).ToList();
    }

    public async Task<DeliveryState?> GetAsync(string violationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition("""
            SELECT violation_id, status, attempts, created_ms, next_attempt_ms, last_attempt_ms, last_error, sent_ms, remote_id
            FROM deliveries WHERE violation_id = @ViolationId;
            """, new { ViolationId = violationId }, cancellationToken: cancellationToken));
        return row?.ToState();
    }

    /// <summary>A sent delivery's note when its violation was rejected while the report was on its way.</summary>
    public const string SentAfterRejectionNote = "Delivered after the violation was rejected in review: withdraw it at the backend.";

    /// <summary>
    /// Records that the backend took the report (a sent report is sent: it is recorded even when another dispatcher took
    /// over, or when the violation was rejected while the report was on its way).
    /// </summary>
    public async Task<SentRecording> MarkSentAsync(DeliveryState claim, string? remoteId, CancellationToken cancellationToken)
    {
        // One statement, so a decision or another dispatcher cannot come between the checks of what the row was (three
        // updates in turn left that open). The note says it went out though cancelled (rejected in review meanwhile); a
        // dead-lettered row is recorded as sent too: this claim's lease ran out and another dispatcher's attempt failed
        // for the last time, yet the backend holds the report, and a requeue would send it again.
        const string MarkSent = """
            UPDATE deliveries SET status = 'Sent', attempts = attempts + 1, last_attempt_ms = @NowMs, sent_ms = @NowMs, remote_id = @RemoteId,
                last_error = CASE WHEN status = 'Cancelled' THEN @Note ELSE NULL END
            WHERE violation_id = @ViolationId AND status IN ('Pending', 'Cancelled', 'DeadLettered')
            RETURNING last_error;
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var remote = remoteId is null ? null : StorableText(remoteId);
        var recorded = (await connection.QueryAsync<string?>(new CommandDefinition(MarkSent,
            new { claim.ViolationId, database.NowMs, RemoteId = remote, Note = SentAfterRejectionNote }, cancellationToken: cancellationToken))).ToList();
        return recorded switch
        {
            [] => SentRecording.NotWaiting,
            [SentAfterRejectionNote] => SentRecording.SentAfterCancellation,
            _ => SentRecording.Sent,
        };
    }

    /// <summary>The note of a delivery held back until an officer decides its violation.</summary>
    public const string WaitingForReviewNote = "Waiting for review: reports are sent once an officer confirms the violation.";

    /// <summary>
    /// Holds a claimed delivery back until <paramref name="until"/> without counting an attempt, noted as waiting for
    /// review (queued at detection, then the service set to send only confirmed violations); a confirmation wakes it.
    /// Not when the violation was decided since the dispatcher read it (the confirmation's wake-up found no note); a
    /// claim clears the note, so a confirmation never moves a claimed delivery's lease. A decision being committed is
    /// waited for: judged on the row as it stood before, the hold outlived the confirmation by six hours.
    /// </summary>
    /// <returns>Whether this claim was still the current one.</returns>
    public async Task<bool> HoldForReviewAsync(DeliveryState claim, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE deliveries SET next_attempt_ms = @UntilMs, last_error = @Note
            WHERE violation_id = @ViolationId AND status = 'Pending' AND next_attempt_ms = @LeaseUntilMs
              AND EXISTS (SELECT 1 FROM violations WHERE id = @ViolationId AND status = 'Pending'{database.Dialect.WaitForRowWriters});
            """, new
        {
            claim.ViolationId,
            LeaseUntilMs = claim.NextAttemptAt.ToUnixTimeMilliseconds(),
            UntilMs = until.ToUnixTimeMilliseconds(),
            Note = WaitingForReviewNote,
        }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>A confirmation makes a delivery held for review due at once (used in the decision's transaction).</summary>
    internal const string WakeHeldForReview =
        "UPDATE deliveries SET next_attempt_ms = @NowMs, last_error = NULL WHERE violation_id = @ViolationId AND status = 'Pending' AND last_error = '"
        + WaitingForReviewNote + "';";

    /// <summary>
    /// Records a failed attempt (the next one at <paramref name="nextAttemptAt"/>, or dead-lettered when
    /// <paramref name="deadLetter"/>) only while <paramref name="claim"/>'s lease is the current one: a dispatcher whose
    /// lease ran out must not reschedule a report another dispatcher has claimed since.
    /// </summary>
    /// <returns>Whether this claim was still the current one.</returns>
    public async Task<bool> MarkFailedAsync(DeliveryState claim, string error, DateTimeOffset nextAttemptAt, bool deadLetter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries SET status = @Status, attempts = attempts + 1, last_attempt_ms = @NowMs, next_attempt_ms = @NextMs, last_error = @Error
            WHERE violation_id = @ViolationId AND status = 'Pending' AND next_attempt_ms = @LeaseUntilMs;
            """, new
        {
            claim.ViolationId,
            LeaseUntilMs = claim.NextAttemptAt.ToUnixTimeMilliseconds(),
            Status = (deadLetter ? DeliveryStatus.DeadLettered : DeliveryStatus.Pending).ToString(),
            database.NowMs,
            NextMs = nextAttemptAt.ToUnixTimeMilliseconds(),
            Error = StorableText(error.Length > 2000 ? error[..2000] : error),
        }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Text from the report backend as every engine stores it: PostgreSQL refuses a NUL in text (a binary or UTF-16 error
    /// body decoded as UTF-8) and Npgsql half of a surrogate pair (an emoji cut by a length limit); either refusal
    /// looked like the store being away, so the report was sent again for ever. Both become U+FFFD.
    /// </summary>
    private static string StorableText(string text)
    {
        var storable = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (char.IsHighSurrogate(character) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                storable.Append(character).Append(text[++i]);
            }
            else
            {
                storable.Append(character == '\0' || char.IsSurrogate(character) ? '\uFFFD' : character);
            }
        }

        return storable.ToString();
    }

    /// <summary>A report that must never go out (its violation was rejected in review): cancelled, unless it was sent already.</summary>
    /// <returns>Whether it was still waiting to be sent.</returns>
    public async Task<bool> CancelAsync(string violationId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(CancelUnsent, new { ViolationId = violationId, Reason = reason },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Puts a dead-lettered report back in the queue with a fresh attempt count when an officer confirms its violation:
    /// a report queued at detection (Trigger OnDetection) and dead-lettered while the backend was down was never sent,
    /// and the confirmation, which queues a report only where none is, left it dead.
    /// </summary>
    internal const string ReviveDeadLettered =
        "UPDATE deliveries SET status = 'Pending', attempts = 0, next_attempt_ms = @NowMs WHERE violation_id = @ViolationId AND status = 'DeadLettered';";

    /// <summary>Cancels a delivery not sent yet: waiting, or dead-lettered (which an operator could otherwise requeue).</summary>
    internal const string CancelUnsent =
        "UPDATE deliveries SET status = 'Cancelled', last_error = @Reason WHERE violation_id = @ViolationId AND status IN ('Pending', 'DeadLettered');";

    /// <summary>
    /// Puts a dead-lettered delivery back in the queue with a fresh attempt count (an operator fixed the cause), with an
    /// audit entry; returns whether one was dead-lettered.
    /// </summary>
    public async Task<bool> RequeueAsync(string violationId, string actor, string actorSource, CancellationToken cancellationToken)
    {
        var nowMs = database.NowMs;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var requeued = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE deliveries SET status = 'Pending', attempts = 0, next_attempt_ms = @NowMs WHERE violation_id = @ViolationId AND status = 'DeadLettered';",
            new { ViolationId = violationId, NowMs = nowMs }, transaction, cancellationToken: cancellationToken)) > 0;
        if (requeued)
        {
            await connection.ExecuteAsync(new CommandDefinition(StoreStatements.InsertAudit,
                new { ViolationId = violationId, AtMs = nowMs, Actor = actor, ActorSource = actorSource, Action = "delivery requeued", Detail = (string?)null },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return requeued;
    }

    private sealed class DeliveryRow
    {
        public string ViolationId { get; set; } = "";
        public string Status { get; set; } = "";
        public long Attempts { get; set; }
        public long CreatedMs { get; set; }
        public long NextAttemptMs { get; set; }
        public long? LastAttemptMs { get; set; }
        public string? LastError { get; set; }
        public long? SentMs { get; set; }
        public string? RemoteId { get; set; }

        public DeliveryState ToState() => new(ViolationId, Enum.Parse<DeliveryStatus>(Status), (int)Attempts,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs), DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptMs),
            LastAttemptMs is { } last ? DateTimeOffset.FromUnixTimeMilliseconds(last) : null, LastError,
            SentMs is { } sent ? DateTimeOffset.FromUnixTimeMilliseconds(sent) : null, RemoteId);
    }
}
