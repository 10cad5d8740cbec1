using NATS.Client.JetStream;

namespace Vision.Service.Cluster;

/// <summary>
/// The durable consumers through which owning nodes read a camera's frames. Each owner makes its own, with a name of
/// its own (<c>frames-{camera}-{suffix}</c>), and finds its predecessors by the camera's subject: an acknowledgement
/// names its consumer, and under a shared name an old owner's late acknowledgements (cut off from NATS past its lease,
/// then back) were taken by the new owner's consumer, moving its acknowledged position past frames it never processed.
/// </summary>
public static class FrameConsumers
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    // A Guid's 32 hexadecimal digits.
    private const int SuffixLength = 32;

    /// <summary>A new, unique name for a consumer of the camera's frames.</summary>
    public static string NewName(string cameraId) => $"{LegacyName(cameraId)}-{Guid.NewGuid():N}";

    /// <summary>The one name versions before per-owner consumers gave a camera's consumer; the prefix of every name since.</summary>
    private static string LegacyName(string cameraId) => "frames-" + ClusterNames.CameraToken(cameraId);

    /// <summary>
    /// Every owner's consumer of the camera's frames on the stream (one, unless an owner was replaced mid-way), oldest
    /// first: named by <see cref="NewName"/>, or <c>frames-{camera}</c> as versions before it named them, and reading the
    /// camera's subject. Another system's consumer of the same frames is not Vision's position, and is left alone.
    /// </summary>
    public static async Task<IReadOnlyList<INatsJSConsumer>> OfCameraAsync(INatsJSContext jetStream, string cameraId, CancellationToken cancellationToken)
    {
        var subject = ClusterNames.FrameSubject(cameraId);
        var legacyName = LegacyName(cameraId);
        var found = new List<INatsJSConsumer>();
        try
        {
            await foreach (var consumer in jetStream.ListConsumersAsync(ClusterNames.FramesStream, cancellationToken))
            {
                var name = consumer.Info.Name;
                var ours = name == legacyName
                           || (name.Length == legacyName.Length + 1 + SuffixLength && name.StartsWith(legacyName + "-", StringComparison.Ordinal)
                               && !name.AsSpan(legacyName.Length + 1).ContainsAnyExcept(HexDigits));
                if (ours && consumer.Info.Config.FilterSubject == subject)
                {
                    found.Add(consumer);
                }
            }
        }
        catch (NullReferenceException error)
        {
            // NATS.Net 3.3's listing throws this when JetStream answers without a list (seen in CI while nats-server
            // restarted): a failed call like any other, which the callers retry.
            throw new NATS.Client.Core.NatsException("Listing the frame consumers failed while NATS was not ready.", error);
        }

        return [.. found.OrderBy(consumer => consumer.Info.Created)];
    }
}
