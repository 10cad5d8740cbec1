using NATS.Client.KeyValueStore;

namespace Vision.Service.Cluster;

/// <summary>Who holds a camera's lease right now, as the lease bucket says.</summary>
public static class CameraLeaseHolder
{
    /// <summary>The node holding the camera's lease, or null when none does (never taken, handed over, or expired).</summary>
    public static async Task<string?> ReadAsync(INatsKVStore owners, string cameraId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var lease = await owners.TryGetEntryAsync<string>(cameraId, cancellationToken: cancellationToken);
        return lease.Success ? lease.Value.Value : null;
    }
}
