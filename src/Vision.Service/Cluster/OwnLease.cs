using NATS.Client.KeyValueStore;

namespace Vision.Service.Cluster;

/// <summary>
/// A lease in the owners bucket that names this node at a revision it never heard of: a renewal (or creation) landed
/// and its answer was lost (a timeout on a loaded server). Renewing at the revision it has keeps the lease, instead of
/// taking the refusal at the old revision for another node's claim and leaving the lease to expire unrenewed.
/// </summary>
public static class OwnLease
{
    /// <summary>The lease renewed at its current revision when it names <paramref name="node"/>; null when it names another node or none.</summary>
    public static async Task<ulong?> TryRenewAsync(INatsKVStore owners, string key, string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var lease = await owners.TryGetEntryAsync<string>(key, cancellationToken: cancellationToken);
        if (!lease.Success || lease.Value.Value != node)
        {
            return null;
        }

        try
        {
            return await owners.UpdateAsync(key, node, lease.Value.Revision, cancellationToken: cancellationToken);
        }
        catch (NatsKVWrongLastRevisionException)
        {
            return null;
        }
    }
}
