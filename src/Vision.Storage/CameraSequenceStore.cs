using Dapper;

namespace Vision.Storage;

/// <summary>
/// The last frame sequence accepted from each gateway camera, in the <c>camera_sequences</c> table: a restarted
/// service tells a reconnecting gateway where to resume instead of starting from nothing.
/// </summary>
/// <param name="Sequence">The camera's last accepted sequence.</param>
/// <param name="SavedAt">When it was saved: its frame arrived no later, and was captured no later than this plus the ingest's
/// allowed lead.</param>
public sealed record SavedSequence(long Sequence, DateTimeOffset SavedAt);

public sealed class CameraSequenceStore(ViolationDatabase database, TimeProvider time)
{
    /// <summary>Each camera's last accepted sequence, and when it was saved (within a second of its frame's arrival).</summary>
    public async Task<IReadOnlyDictionary<string, SavedSequence>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string CameraId, long Sequence, long UpdatedMs)>(new CommandDefinition(
            "SELECT camera_id, last_accepted_sequence, updated_ms FROM camera_sequences;", cancellationToken: cancellationToken));
        return rows.ToDictionary(row => row.CameraId, row => new SavedSequence(row.Sequence, DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedMs)),
            StringComparer.Ordinal);
    }

    public async Task SaveAsync(IEnumerable<(string CameraId, long Sequence)> sequences, CancellationToken cancellationToken)
    {
        var rows = sequences.Select(entry => new { entry.CameraId, entry.Sequence, UpdatedMs = time.GetUtcNow().ToUnixTimeMilliseconds() }).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO camera_sequences (camera_id, last_accepted_sequence, updated_ms) VALUES (@CameraId, @Sequence, @UpdatedMs)
            ON CONFLICT (camera_id) DO UPDATE SET last_accepted_sequence = excluded.last_accepted_sequence, updated_ms = excluded.updated_ms;
            """, rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
