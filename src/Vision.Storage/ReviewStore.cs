using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Vision.Storage;

/// <summary>
/// Police review over the store: list and read violations, and decide a pending one exactly once. Decisions use
/// optimistic concurrency on the violation's version: of two officers deciding the same version, one wins and the
/// other gets <see cref="DecisionResultKind.Conflict"/> with the winner's decision. A confirmation (or correction) writes
/// the outbox row for the report backend in the same transaction.
/// </summary>
public sealed partial class ReviewStore(ViolationDatabase database, DeliveryTrigger trigger, ILogger<ReviewStore> logger)
{
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 50;

    /// <summary>The audit action that marks a closed case.</summary>
    public const string CaseClosedAction = "case closed";

    private const string CountCaseClosures = "SELECT COUNT(*) FROM audit_log WHERE violation_id = @Id AND action = @Action;";

    /// <summary>Why a report queued at detection was cancelled.</summary>
    public const string RejectedInReview = "rejected in review";

    public async Task<ViolationRecord?> GetAsync(string violationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await ViolationReader.ReadAsync(database.Dialect, connection, "WHERE v.id = @Id", new { Id = violationId }, null, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Whether a supervisor closed the violation's case (<see cref="CloseCaseAsync"/>).</summary>
    public async Task<bool> IsCaseClosedAsync(string violationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            CountCaseClosures, new { Id = violationId, Action = CaseClosedAction }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Violations matching the filter, newest first (by capture time, then id); <paramref name="pageToken"/> continues a previous page.</summary>
    public async Task<ViolationPage> ListAsync(ViolationFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        pageSize = pageSize <= 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        var parameters = new DynamicParameters();
        var where = Conditions(filter, parameters);
        if (pageToken is not null)
        {
            if (!TryParseToken(pageToken, out var afterMs, out var afterId))
            {
                throw new ArgumentException("The page token is not one this service issued.", nameof(pageToken));
            }

            where.Add("(v.occurred_ms < @AfterMs OR (v.occurred_ms = @AfterMs AND v.id < @AfterId))");
            parameters.Add("AfterMs", afterMs);
            parameters.Add("AfterId", afterId);
        }

        parameters.Add("Limit", (long)pageSize + 1);
        var sql = (where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where))
            + " ORDER BY v.occurred_ms DESC, v.id DESC LIMIT @Limit";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await ViolationReader.ReadAsync(database.Dialect, connection, sql, parameters, null, cancellationToken);
        if (rows.Count <= pageSize)
        {
            return new ViolationPage(rows, null);
        }

        var page = rows.Take(pageSize).ToList();
        return new ViolationPage(page, CreateToken(page[^1]));
    }

    /// <summary>How many violations match the filter in each review status (the filter's own status is ignored), for the queue's tabs.</summary>
    public async Task<IReadOnlyDictionary<ReviewStatus, long>> CountByStatusAsync(ViolationFilter filter, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        var where = Conditions(filter with { Status = null }, parameters);
        var sql = "SELECT v.status, COUNT(*) FROM violations v " + (where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where))
            + " GROUP BY v.status;";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, long Count)>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        var counts = Enum.GetValues<ReviewStatus>().ToDictionary(status => status, _ => 0L);
        foreach (var (status, count) in rows)
        {
            counts[Enum.Parse<ReviewStatus>(status)] = count;
        }

        return counts;
    }

    private static List<string> Conditions(ViolationFilter filter, DynamicParameters parameters)
    {
        var where = new List<string>();
        if (filter.CameraId is not null)
        {
            where.Add("v.camera_id = @CameraId");
            parameters.Add("CameraId", filter.CameraId);
        }

        if (filter.Kind is { } kind)
        {
            where.Add("v.kind = @Kind");
            parameters.Add("Kind", kind.ToString());
        }

        if (filter.Status is { } status)
        {
            where.Add("v.status = @Status");
            parameters.Add("Status", status.ToString());
        }

        if (filter.From is { } from)
        {
            where.Add("v.occurred_ms >= @FromMs");
            parameters.Add("FromMs", from.ToUnixTimeMilliseconds());
        }

        if (filter.To is { } to)
        {
            where.Add("v.occurred_ms < @ToMs");
            parameters.Add("ToMs", to.ToUnixTimeMilliseconds());
        }

        if (filter.PlateContains is { } plate && PlateKey.Normalize(plate) is { Length: > 0 } key)
        {
            where.Add("(v.plate_text LIKE @PlatePattern OR v.corrected_plate LIKE @PlatePattern)");
            parameters.Add("PlatePattern", "%" + key + "%");
        }

        return where;
    }

    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string violationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long AtMs, string Actor, string Action, string? Detail, string? ActorSource)>(new CommandDefinition(
            "SELECT at_ms, actor, action, detail, actor_source FROM audit_log WHERE violation_id = @Id ORDER BY id;", new { Id = violationId },
            cancellationToken: cancellationToken));
        return rows.Select(r => new AuditEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), r.Actor, r.Action, r.Detail, r.ActorSource)).ToList();
    }

    /// <summary>Applies an officer's decision to the version they saw; see <see cref="DecisionResultKind"/> for the outcomes.</summary>
    public async Task<DecisionResult> DecideAsync(ReviewDecision decision, CancellationToken cancellationToken)
    {
        if (Validate(decision) is { } problem)
        {
            return new DecisionResult(DecisionResultKind.Invalid, null, problem);
        }

        var nowMs = database.NowMs;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE violations
            SET status = @Status, version = version + 1, decided_by = @OfficerId, decided_ms = @NowMs,
                reject_reason = @RejectReason, decision_note = @Note, corrected_plate = @CorrectedPlate
            WHERE id = @ViolationId AND version = @ExpectedVersion AND status = 'Pending';
            """, new
        {
            Status = decision.Outcome.ToString(),
            decision.OfficerId,
            NowMs = nowMs,
            RejectReason = decision.RejectReason?.ToString(),
            decision.Note,
            CorrectedPlate = decision.CorrectedPlate is null ? null : PlateKey.Normalize(decision.CorrectedPlate),
            decision.ViolationId,
            decision.ExpectedVersion,
        }, transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var current = (await ViolationReader.ReadAsync(database.Dialect, connection, "WHERE v.id = @Id", new { Id = decision.ViolationId }, null, cancellationToken))
                .SingleOrDefault();
            var kind = current switch
            {
                null => DecisionResultKind.NotFound,
                { Version: var v, Status: not ReviewStatus.Pending } when v == decision.ExpectedVersion => DecisionResultKind.AlreadyDecided,
                _ => DecisionResultKind.Conflict,
            };
            DecisionRefused(logger, decision.ViolationId, decision.OfficerId, kind);
            return new DecisionResult(kind, current);
        }

        await connection.ExecuteAsync(new CommandDefinition(StoreStatements.InsertAudit, new
        {
            decision.ViolationId,
            AtMs = nowMs,
            Actor = decision.OfficerId,
            ActorSource = decision.OfficerSource,
            Action = decision.Outcome.ToString().ToLowerInvariant(),
            Detail = DescribeDecision(decision),
        }, transaction, cancellationToken: cancellationToken));
        if (trigger != DeliveryTrigger.Disabled && decision.Outcome is ReviewStatus.Confirmed or ReviewStatus.Corrected)
        {
            await connection.ExecuteAsync(new CommandDefinition(StoreStatements.EnqueueDelivery,
                new { decision.ViolationId, NowMs = nowMs }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(DeliveryOutbox.WakeHeldForReview,
                new { decision.ViolationId, NowMs = nowMs }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(DeliveryOutbox.ReviveDeadLettered,
                new { decision.ViolationId, NowMs = nowMs }, transaction, cancellationToken: cancellationToken));
        }
        else if (decision.Outcome == ReviewStatus.Rejected)
        {
            // A report queued at detection (Trigger OnDetection) and not yet sent (waiting, or dead-lettered and so open to a
            // requeue) must never go out once an officer rejected it.
            await connection.ExecuteAsync(new CommandDefinition(DeliveryOutbox.CancelUnsent,
                new { decision.ViolationId, Reason = RejectedInReview }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        DecisionApplied(logger, decision.ViolationId, decision.OfficerId, decision.Outcome);
        // Committed: the caller must learn the outcome even if its call is being cancelled now.
        var after = await ViolationReader.ReadAsync(database.Dialect, connection, "WHERE v.id = @Id", new { Id = decision.ViolationId }, null, CancellationToken.None);
        return new DecisionResult(DecisionResultKind.Applied, after[0]);
    }

    /// <summary>
    /// Records that a confirmed violation's case closed (the fine was settled or the case ended), once, in the audit
    /// log; from then on its evidence falls under retention again.
    /// </summary>
    public async Task<(CaseClosureOutcome Outcome, ViolationRecord? Current)> CloseCaseAsync(
        string violationId, string actor, string actorSource, string? note, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Taking the row's version first serialises two closings of one case on both engines.
        var touched = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE violations SET version = version + 1 WHERE id = @Id AND status IN ('Confirmed', 'Corrected');",
            new { Id = violationId }, transaction, cancellationToken: cancellationToken));
        var closedBefore = touched > 0 && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            CountCaseClosures, new { Id = violationId, Action = CaseClosedAction }, transaction, cancellationToken: cancellationToken)) > 0;
        if (touched > 0 && !closedBefore)
        {
            await connection.ExecuteAsync(new CommandDefinition(StoreStatements.InsertAudit,
                new { ViolationId = violationId, AtMs = database.NowMs, Actor = actor, ActorSource = actorSource, Action = CaseClosedAction, Detail = note },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        // Perhaps committed: the caller must learn the outcome (and release the evidence hold) even if its call is being
        // cancelled now; the closed case's page offers no second closing.
        var current = (await ViolationReader.ReadAsync(database.Dialect, connection, "WHERE v.id = @Id", new { Id = violationId }, null, CancellationToken.None))
            .SingleOrDefault();
        var outcome = (current, touched, closedBefore) switch
        {
            (null, _, _) => CaseClosureOutcome.NotFound,
            (_, 0, _) => CaseClosureOutcome.NotConfirmed,
            (_, _, true) => CaseClosureOutcome.AlreadyClosed,
            _ => CaseClosureOutcome.Closed,
        };
        return (outcome, current);
    }

    private static string? Validate(ReviewDecision decision) => decision switch
    {
        { OfficerId: var officer } when string.IsNullOrWhiteSpace(officer) => "the officer id is required",
        { Outcome: ReviewStatus.Pending } => "a decision must confirm, reject or correct",
        { Outcome: ReviewStatus.Rejected, RejectReason: null } => "a rejection needs a reason",
        { Outcome: ReviewStatus.Rejected, RejectReason: Storage.RejectReason.Other, Note: var note } when string.IsNullOrWhiteSpace(note) =>
            "a rejection for another reason needs the reason as free text",
        { Outcome: not ReviewStatus.Rejected, RejectReason: not null } => "only a rejection takes a reject reason",
        { Outcome: ReviewStatus.Corrected, CorrectedPlate: var plate } when plate is null || PlateKey.Normalize(plate).Length < 4 =>
            "a correction needs the plate as the officer reads it (at least 4 letters or digits)",
        { Outcome: ReviewStatus.Corrected, CorrectedPlate: { } plate } when PlateKey.ForeignCharacter(plate) is { } foreign =>
            $"'{foreign}' is not on a plate: type letters A–Z or Đ, digits and the separators - . / and space (a Vietnamese keyboard turns E1 into É: switch it to English)",
        { Outcome: not ReviewStatus.Corrected, CorrectedPlate: not null } => "only a correction takes a corrected plate",
        _ => null,
    };

    private static string DescribeDecision(ReviewDecision decision)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"version {decision.ExpectedVersion} → {decision.Outcome}");
        if (decision.RejectReason is { } reason)
        {
            text.Append(CultureInfo.InvariantCulture, $", reason {reason}");
        }

        if (decision.CorrectedPlate is { } plate)
        {
            text.Append(CultureInfo.InvariantCulture, $", plate {PlateKey.Normalize(plate)}");
            if (decision.PlateAsWritten)
            {
                text.Append(" (written as on the vehicle, the officer says)");
            }
        }

        if (!string.IsNullOrWhiteSpace(decision.Note))
        {
            text.Append(CultureInfo.InvariantCulture, $", note: {decision.Note}");
        }

        return text.ToString();
    }

    private static string CreateToken(ViolationRecord last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            last.OccurredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "|" + last.Id));

    /// <summary>Whether a client's page token is one <see cref="ListAsync"/> issued (checked at the service edge).</summary>
    public static bool IsValidPageToken(string token) => TryParseToken(token, out _, out _);

    private static bool TryParseToken(string token, out long afterMs, out string afterId)
    {
        afterMs = 0;
        afterId = string.Empty;
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var written))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var separator = text.IndexOf('|', StringComparison.Ordinal);
        if (separator <= 0 || !long.TryParse(text.AsSpan(0, separator), NumberStyles.Integer, CultureInfo.InvariantCulture, out afterMs))
        {
            return false;
        }

        // A violation id is built of a camera id and the like (A–Z a–z 0–9 . _ : -): a forged token carrying a zero byte
        // reached PostgreSQL, which refused it (INTERNAL).
        afterId = text[(separator + 1)..];
        return afterId.Length is > 0 and <= 256 && afterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Violation {ViolationId} decided by {OfficerId}: {Outcome}")]
    private static partial void DecisionApplied(ILogger logger, string violationId, string officerId, ReviewStatus outcome);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Decision on {ViolationId} by {OfficerId} refused: {Result}")]
    private static partial void DecisionRefused(ILogger logger, string violationId, string officerId, DecisionResultKind result);
}
