using System.Collections.Concurrent;
using System.Diagnostics;
using Vision.Contracts.V1;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// A camera gateway as deployed in front of a cluster: it streams its frames at the camera's pace to one node, and when
/// that node goes away (killed, or the stream ends UNAVAILABLE) it reconnects to the next live node and resumes after
/// the last sequence the cluster says it accepted. Every frame the cluster acknowledged ACCEPTED is counted.
/// </summary>
/// <remarks>Before a frame <paramref name="holdBefore"/> names a task for, the gateway waits for it, so a step of the run (a node
/// killed) always happens with frames still to come, however fast or slowly the machine runs. Like a deployed gateway it
/// does not wait for a node without end: a node that answers nothing for <see cref="Patience"/> is left as if it had
/// gone, and the stall is recorded in <see cref="Stalls"/>.</remarks>
internal sealed class ResumingGateway(
    string cameraId, IReadOnlyList<byte[]> frames, int totalFrames, TimeSpan frameInterval, Func<int, ServiceProcess?> node, int firstNode,
    Func<long, Task?> holdBefore) : IClusterGateway
{
    /// <summary>Longer than anything a live node makes a gateway wait for: its report on a closing stream (60 s at most) included.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private long _accepted = -1;
    private int _reconnections;
    private volatile string _state = "starting";

    public string CameraId => cameraId;

    /// <summary>The highest sequence acknowledged ACCEPTED (or DUPLICATE: accepted earlier) so far.</summary>
    public long Acknowledged => Interlocked.Read(ref _accepted);

    public int Reconnections => Volatile.Read(ref _reconnections);

    public string State => _state;

    /// <summary>Each time a node answered nothing for <see cref="Patience"/>: what the gateway waited for, and on which node.</summary>
    public ConcurrentQueue<string> Stalls { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        using var pace = new PeriodicTimer(frameInterval);
        while (Acknowledged < totalFrames - 1)
        {
            var nodeIndex = (firstNode + attempt) % 3;
            var service = node(nodeIndex);
            attempt++;
            if (service is null || service.HasExited)
            {
                await Task.Delay(50, cancellationToken);
                continue;
            }

            var nodeName = ClusterScenario.NodeId(nodeIndex);
            try
            {
                Enter($"opening a stream to {nodeName}");
                await using var gateway = await GatewayClient.OpenAsync(service.Channel, cameraId).WaitAsync(Patience, cancellationToken);
                Enter($"waiting for {nodeName} to accept the stream");
                await WaitForAsync(() => gateway.Responses.Any(r => r.KindCase == IngestResponse.KindOneofCase.Accepted), gateway, cancellationToken);
                var next = gateway.Accepted.HasLastAcceptedSequence ? (long)gateway.Accepted.LastAcceptedSequence + 1 : 0;
                for (var sequence = next; sequence < totalFrames; sequence++)
                {
                    if (holdBefore(sequence) is { } hold)
                    {
                        Enter($"holding before frame {sequence} (streaming to {nodeName})");
                        await hold.WaitAsync(cancellationToken);
                    }

                    await pace.WaitForNextTickAsync(cancellationToken);
                    Enter($"sending frame {sequence} to {nodeName}");
                    await gateway.SendAsync(sequence, frames[(int)(sequence % frames.Count)]).WaitAsync(Patience, cancellationToken);
                    Enter($"waiting for {nodeName} to acknowledge frame {sequence}");
                    var ack = await WaitForAckAsync(gateway, sequence, cancellationToken);
                    Assert.True(ack.Outcome is FrameAckOutcome.Accepted or FrameAckOutcome.Duplicate, $"{cameraId} frame {sequence}: {ack.Outcome}");
                    Interlocked.Exchange(ref _accepted, sequence);
                }

                Enter($"finishing the stream to {nodeName}");
                try
                {
                    await gateway.FinishAsync().WaitAsync(Patience, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Every frame is acknowledged: the node's final report is all that is missing.
                    Stalls.Enqueue($"{State} for {Patience.TotalSeconds:F0} s, every frame acknowledged");
                }

                Enter("done");
                return;
            }
            catch (TimeoutException)
            {
                Stalls.Enqueue($"{State} for {Patience.TotalSeconds:F0} s; reconnecting");
                Interlocked.Increment(ref _reconnections);
            }
            catch (Exception error) when (error is not OperationCanceledException && error is not Xunit.Sdk.XunitException)
            {
                // The node went away (killed) or could not store the frame (NATS restarting): reconnect and resume.
                Interlocked.Increment(ref _reconnections);
            }
        }
    }

    private void Enter(string state) => _state = $"{state} (since {DateTime.UtcNow:HH:mm:ss.fff} UTC)";

    private static async Task<FrameAck> WaitForAckAsync(GatewayClient gateway, long sequence, CancellationToken cancellationToken)
    {
        FrameAck? ack = null;
        await WaitForAsync(() => (ack = gateway.Acks.LastOrDefault(a => a.Sequence == (ulong)sequence)) is not null, gateway, cancellationToken);
        return ack!;
    }

    private static async Task WaitForAsync(Func<bool> condition, GatewayClient gateway, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (gateway.Ended.IsCompleted)
            {
                // Let the stream's status (a killed node, UNAVAILABLE) surface as the reason to reconnect.
                await gateway.Ended;
                throw new IOException("The ingest stream ended.");
            }

            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException();
            }

            await Task.Delay(5, cancellationToken);
        }
    }
}
