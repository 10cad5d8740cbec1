using System.Globalization;
using Dapper;
using Vision.Domain.Plates.Consensus;

namespace Vision.Storage;

/// <summary>The alert rows: new violations (written by the recorder) and watchlist hits, read in position order for subscribers.</summary>
public sealed class AlertLog(ViolationDatabase database, AlertSignal signal)
{
    public AlertSignal Signal => signal;

    /// <summary>
    /// Stores a watchlist hit (once per camera, track passage, listed plate and kind of match: the track id with the
    /// track's first capture time, so a restarted tracker that counts from 1 again is not mistaken for a repeat; an exact
    /// match read after a fuzzy one is the confirmation the police wait for, stored too); returns its position, or null
    /// when it was already stored.
    /// </summary>
    public async Task<long?> AppendWatchlistHitAsync(string cameraId, long trackId, DateTimeOffset trackFirstSeen, long sequence, DateTimeOffset seenAt,
        WatchlistHit hit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Dialect.AlertOrderLock.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(database.Dialect.AlertOrderLock, transaction: transaction, cancellationToken: cancellationToken));
        }

        var position = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(StoreStatements.InsertAlert, new
        {
            Kind = nameof(AlertKind.WatchlistHit),
            DedupeKey = string.Create(CultureInfo.InvariantCulture,
                $"watchlist:{cameraId}:{trackFirstSeen.ToUnixTimeMilliseconds()}-{trackId}:{PlateKey.Normalize(hit.Entry.PlateCharacters)}:{hit.Kind}"),
            CameraId = cameraId,
            ViolationId = (string?)null,
            OccurredMs = seenAt.ToUnixTimeMilliseconds(),
            RecordedMs = database.NowMs,
            PlateText = hit.ReadCharacters,
            Summary = $"Xe trong danh sách theo dõi tại camera {cameraId}: đọc được {hit.ReadCharacters}, biển trong danh sách {hit.Entry.PlateCharacters} ({hit.Entry.Reason}; khớp {hit.Kind})",
            PayloadJson = WatchlistAlert.Of(hit, trackId, sequence).ToJson(),
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        if (position is not null)
        {
            signal.Pulse();
        }

        return position;
    }

    /// <summary>The position of the newest alert (0 when there is none): where a client that wants only new alerts starts.</summary>
    public async Task<long> LatestPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(position) FROM alerts;", cancellationToken: cancellationToken)) ?? 0;
    }

    /// <summary>Alerts with a position greater than <paramref name="afterPosition"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AlertRecord>> ReadAfterAsync(long afterPosition, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlertRow>(new CommandDefinition("""
            SELECT position, kind, camera_id, violation_id, occurred_ms, recorded_ms, plate_text, summary, payload_json
            FROM alerts WHERE position > @AfterPosition ORDER BY position LIMIT @Limit;
            """, new { AfterPosition = afterPosition, Limit = (long)limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new AlertRecord(r.Position, Enum.Parse<AlertKind>(r.Kind), r.CameraId, r.ViolationId,
            DateTimeOffset.FromUnixTimeMilliseconds(r.OccurredMs), DateTimeOffset.FromUnixTimeMilliseconds(r.RecordedMs),
            r.PlateText, r.Summary, r.PayloadJson)).ToList();
    }

    private sealed class AlertRow
    {
        public long Position { get; set; }
        public string Kind { get; set; } = "";
        public string CameraId { get; set; } = "";
        public string? ViolationId { get; set; }
        public long OccurredMs { get; set; }
        public long RecordedMs { get; set; }
        public string? PlateText { get; set; }
        public string Summary { get; set; } = "";
        public string? PayloadJson { get; set; }
    }
}
