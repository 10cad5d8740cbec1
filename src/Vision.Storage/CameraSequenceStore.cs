using Dapper;

namespace Vision.Storage;

/// <summary>
/// The last frame sequence accepted from each gateway camera, in the <c>camera_sequences</c> table: a restarted
/// service tells a reconnecting gateway where to resume instead of starting from nothing.
/// </summary>
public sealed class CameraSequenceStore(ViolationDatabase database, TimeProvider time)
{
    public async Task<IReadOnlyDictionary<string, long>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string CameraId, long Sequence)>(new CommandDefinition(
            "SELECT camera_id, last_accepted_sequence FROM camera_sequences;", cancellationToken: cancellationToken));
        return rows.ToDictionary(row => row.CameraId, row => row.Sequence, StringComparer.Ordinal);
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
