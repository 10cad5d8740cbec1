using Vision.Contracts.V1;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// A camera gateway as deployed in front of a cluster: it streams its frames at the camera's pace to one node, and when
/// that node goes away (killed, or the stream ends UNAVAILABLE) it reconnects to the next live node and resumes after
/// the last sequence the cluster says it accepted. Every frame the cluster acknowledged ACCEPTED is counted.
/// </summary>
/// <remarks>Before a frame <paramref name="holdBefore"/> names a task for, the gateway waits for it, so a step of the run (a node
/// killed) always happens with frames still to come, however fast or slowly the machine runs.</remarks>
internal sealed class ResumingGateway(
    string cameraId, IReadOnlyList<byte[]> frames, int totalFrames, TimeSpan frameInterval, Func<int, ServiceProcess?> node, int firstNode,
    Func<long, Task?> holdBefore) : IClusterGateway
{
    private long _accepted = -1;
    private int _reconnections;

    public string CameraId => cameraId;

    /// <summary>The highest sequence acknowledged ACCEPTED (or DUPLICATE: accepted earlier) so far.</summary>
    public long Acknowledged => Interlocked.Read(ref _accepted);

    public int Reconnections => Volatile.Read(ref _reconnections);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        using var pace = new PeriodicTimer(frameInterval);
        while (Acknowledged < totalFrames - 1)
        {
            var service = node((firstNode + attempt) % 3);
            attempt++;
            if (service is null || service.HasExited)
            {
                await Task.Delay(50, cancellationToken);
                continue;
            }

            try
            {
                await using var gateway = await GatewayClient.OpenAsync(service.Channel, cameraId);
                await WaitForAsync(() => gateway.Responses.Any(r => r.KindCase == IngestResponse.KindOneofCase.Accepted), gateway, cancellationToken);
                var next = gateway.Accepted.HasLastAcceptedSequence ? (long)gateway.Accepted.LastAcceptedSequence + 1 : 0;
                for (var sequence = next; sequence < totalFrames; sequence++)
                {
                    if (holdBefore(sequence) is { } hold)
                    {
                        await hold.WaitAsync(cancellationToken);
                    }

                    await pace.WaitForNextTickAsync(cancellationToken);
                    await gateway.SendAsync(sequence, frames[(int)(sequence % frames.Count)]).WaitAsync(cancellationToken);
                    var ack = await WaitForAckAsync(gateway, sequence, cancellationToken);
                    Assert.True(ack.Outcome is FrameAckOutcome.Accepted or FrameAckOutcome.Duplicate, $"{cameraId} frame {sequence}: {ack.Outcome}");
                    Interlocked.Exchange(ref _accepted, sequence);
                }

                await gateway.FinishAsync().WaitAsync(cancellationToken);
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException && error is not Xunit.Sdk.XunitException)
            {
                // The node went away (killed) or could not store the frame (NATS restarting): reconnect and resume.
                Interlocked.Increment(ref _reconnections);
            }
        }
    }

    private static async Task<FrameAck> WaitForAckAsync(GatewayClient gateway, long sequence, CancellationToken cancellationToken)
    {
        FrameAck? ack = null;
        await WaitForAsync(() => (ack = gateway.Acks.LastOrDefault(a => a.Sequence == (ulong)sequence)) is not null, gateway, cancellationToken);
        return ack!;
    }

    private static async Task WaitForAsync(Func<bool> condition, GatewayClient gateway, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (gateway.Ended.IsCompleted)
            {
                // Let the stream's status (a killed node, UNAVAILABLE) surface as the reason to reconnect.
                await gateway.Ended;
                throw new IOException("The ingest stream ended.");
            }

            await Task.Delay(5, cancellationToken);
        }
    }
}
