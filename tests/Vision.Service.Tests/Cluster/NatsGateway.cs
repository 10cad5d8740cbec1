using System.Globalization;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Net;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// A camera gateway that publishes its frames to NATS directly, written from the README ("Publishing frames directly")
/// and nothing of Vision's code: subject <c>vision.frames.{camera}</c> (a '.' written '~'), the JPEG as payload, headers
/// <c>Vision-Sequence</c>, <c>Vision-Captured-At</c> (ISO 8601 with offset) and <c>Nats-Msg-Id</c> <c>{camera}:{sequence}</c>,
/// each published with a JetStream acknowledgement. A publish that failed (NATS restarting) is sent again with the same
/// message id, and the stream stores it once.
/// </summary>
internal sealed class NatsGateway(
    string natsUrl, string cameraId, IReadOnlyList<byte[]> frames, int totalFrames, TimeSpan frameInterval, Func<long, Task?> holdBefore) : IClusterGateway
{
    // The camera's clock, in Huế's offset, within the nodes' plausibility window for capture times.
    private static readonly DateTimeOffset ClipStart = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600).ToOffset(TimeSpan.FromHours(7));
    private long _acknowledged = -1;
    private int _resends;
    private volatile string _state = "starting";

    public string CameraId => cameraId;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public int Reconnections => Volatile.Read(ref _resends);

    public string State => _state;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var nats = new NatsConnection(new NatsOpts
        {
            Url = natsUrl, Name = "gateway-" + cameraId, MaxReconnectRetry = -1, ReconnectWaitMin = TimeSpan.FromMilliseconds(50),
        });
        var js = nats.CreateJetStreamContext();
        var subject = "vision.frames." + cameraId.Replace('.', '~');
        using var pace = new PeriodicTimer(frameInterval);
        for (var sequence = 0L; sequence < totalFrames; sequence++)
        {
            if (holdBefore(sequence) is { } hold)
            {
                Enter($"holding before frame {sequence}");
                await hold.WaitAsync(cancellationToken);
            }

            await pace.WaitForNextTickAsync(cancellationToken);
            Enter($"publishing frame {sequence}");
            var capturedAt = ClipStart + TimeSpan.FromMilliseconds(100 * sequence);
            while (!await TryPublishAsync(js, subject, sequence, capturedAt, frames[(int)(sequence % frames.Count)], cancellationToken))
            {
                Interlocked.Increment(ref _resends);
                await Task.Delay(100, cancellationToken);
            }

            Interlocked.Exchange(ref _acknowledged, sequence);
        }

        Enter("done");
    }

    private void Enter(string state) => _state = $"{state} (since {DateTime.UtcNow:HH:mm:ss.fff} UTC)";

    private async Task<bool> TryPublishAsync(INatsJSContext js, string subject, long sequence, DateTimeOffset capturedAt, byte[] jpeg, CancellationToken cancellationToken)
    {
        var headers = new NatsHeaders
        {
            ["Vision-Sequence"] = sequence.ToString(CultureInfo.InvariantCulture),
            ["Vision-Captured-At"] = capturedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["Nats-Msg-Id"] = $"{cameraId}:{sequence}",
        };
        try
        {
            var ack = await js.PublishAsync(subject, jpeg, headers: headers, cancellationToken: cancellationToken);
            // Stored before its acknowledgement was lost: the resend is recognised as the same frame.
            if (!ack.Duplicate)
            {
                ack.EnsureSuccess();
            }

            return true;
        }
        catch (NatsJSDuplicateMessageException)
        {
            return true;
        }
        catch (Exception error) when (error is NatsException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
