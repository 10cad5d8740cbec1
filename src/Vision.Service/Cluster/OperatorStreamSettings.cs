using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace Vision.Service.Cluster;

/// <summary>
/// What an operator changes on a running cluster with <c>nats stream edit</c>: more replicas once three servers run,
/// a byte limit, a placement. A node that starts brings the rest of a stream's or bucket's configuration up to date and
/// keeps these: it sent its own complete configuration, so every restart scaled the streams back to one replica, and
/// losing one NATS server lost the leases and the frames.
/// </summary>
public static class OperatorStreamSettings
{
    public static StreamConfig Keep(StreamConfig ours, StreamConfig? existing) => existing is null ? ours : ours with
    {
        NumReplicas = Math.Max(ours.NumReplicas, existing.NumReplicas),
        MaxBytes = ours.MaxBytes > 0 ? ours.MaxBytes : existing.MaxBytes,
        Placement = ours.Placement ?? existing.Placement,
    };

    /// <param name="existing">The bucket's stream (<c>KV_{bucket}</c>) as it runs, or null when there is none yet.</param>
    public static NatsKVConfig Keep(NatsKVConfig ours, StreamConfig? existing) => existing is null ? ours : ours with
    {
        NumberOfReplicas = Math.Max(ours.NumberOfReplicas, existing.NumReplicas),
        MaxBytes = ours.MaxBytes > 0 ? ours.MaxBytes : existing.MaxBytes,
        Placement = ours.Placement ?? existing.Placement,
    };
}
