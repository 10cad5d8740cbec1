using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Vision.Service.Cluster;

/// <summary>
/// Which live node should own each camera: every node computes the same answer from the same camera list and live set.
/// Each camera ranks the nodes by rendezvous hashing (hash of node and camera), and takes the best-ranked node that
/// still has room under an even share (⌈cameras / nodes⌉), so cameras are spread evenly and a node joining or leaving
/// moves few of them.
/// </summary>
public static class CameraAssignment
{
    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<string> cameraIds, IReadOnlyCollection<string> liveNodes)
    {
        var cameras = cameraIds.Order(StringComparer.Ordinal).ToList();
        var assignment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (liveNodes.Count == 0)
        {
            return assignment;
        }

        var share = (cameras.Count + liveNodes.Count - 1) / liveNodes.Count;
        var load = liveNodes.ToDictionary(node => node, _ => 0, StringComparer.Ordinal);
        foreach (var camera in cameras)
        {
            var node = liveNodes.OrderByDescending(node => Score(node, camera)).ThenBy(node => node, StringComparer.Ordinal)
                .First(node => load[node] < share);
            load[node]++;
            assignment[camera] = node;
        }

        return assignment;
    }

    private static ulong Score(string node, string camera) => BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(node + "\n" + camera)));
}
