using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Vision.Contracts.V1;

namespace Vision.Service.Tests.Support;

/// <summary>A scripted camera gateway: one ingest stream, every response the server sends kept in order.</summary>
public sealed class GatewayClient : IAsyncDisposable
{
    // Within the service's plausibility window for capture times (a day behind its clock at most).
    private static readonly DateTimeOffset ClipStart = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);
    private readonly AsyncDuplexStreamingCall<IngestRequest, IngestResponse> _call;
    private readonly CancellationTokenSource _disconnect = new();
    private readonly List<IngestResponse> _responses = [];
    private readonly Task _reading;

    private GatewayClient(GrpcChannel channel)
    {
        _call = new CameraIngest.CameraIngestClient(channel).Stream(cancellationToken: _disconnect.Token);
        _reading = Task.Run(ReadAllAsync);
    }

    public IReadOnlyList<IngestResponse> Responses
    {
        get
        {
            lock (_responses)
            {
                return _responses.ToList();
            }
        }
    }

    public StreamAccepted Accepted => Responses.First(r => r.KindCase == IngestResponse.KindOneofCase.Accepted).Accepted;

    public IEnumerable<FrameAck> Acks => Responses.Where(r => r.KindCase == IngestResponse.KindOneofCase.Ack).Select(r => r.Ack);

    public IEnumerable<FrameCompleted> Completed => Responses.Where(r => r.KindCase == IngestResponse.KindOneofCase.Completed).Select(r => r.Completed);

    public IEnumerable<FrameDropped> Dropped => Responses.Where(r => r.KindCase == IngestResponse.KindOneofCase.Dropped).Select(r => r.Dropped);

    public FlowStatus FinalStatus => Responses.Last(r => r.KindCase == IngestResponse.KindOneofCase.Status).Status;

    public static async Task<GatewayClient> OpenAsync(GrpcChannel channel, string cameraId, bool includeTracks = false)
    {
        var client = new GatewayClient(channel);
        await client._call.RequestStream.WriteAsync(new IngestRequest { Open = new StreamOpen { CameraId = cameraId, IncludeTracks = includeTracks } });
        return client;
    }

    public Task SendAsync(long sequence, byte[]? jpeg = null) =>
        _call.RequestStream.WriteAsync(new IngestRequest
        {
            Frame = new CameraFrame
            {
                Sequence = (ulong)sequence,
                CapturedAt = Timestamp.FromDateTimeOffset(ClipStart + TimeSpan.FromMilliseconds(100 * sequence)),
                Jpeg = ByteString.CopyFrom(jpeg ?? VtestFrames.Get(sequence)),
            },
        });

    /// <summary>Sends a frame exactly as given (a hostile gateway's capture time or sequence).</summary>
    public Task SendAsync(CameraFrame frame) => _call.RequestStream.WriteAsync(new IngestRequest { Frame = frame });

    /// <summary>Sends a message exactly as given (one of no kind this service knows).</summary>
    public Task SendAsync(IngestRequest request) => _call.RequestStream.WriteAsync(request);

    /// <summary>Says "no more frames" and waits until the server has reported on every frame and closed the stream.</summary>
    public async Task FinishAsync()
    {
        await _call.RequestStream.CompleteAsync();
        await _reading;
    }

    /// <summary>Vanishes mid-stream, as a gateway whose network fails.</summary>
    public async Task DisconnectAbruptlyAsync()
    {
        await _disconnect.CancelAsync();
        await _reading.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    /// <summary>The status the server ended the stream with.</summary>
    public Task Ended => _reading;

    public async ValueTask DisposeAsync()
    {
        await _disconnect.CancelAsync();
        await _reading.ContinueWith(static _ => { }, TaskScheduler.Default);
        _call.Dispose();
        _disconnect.Dispose();
    }

    private async Task ReadAllAsync()
    {
        await foreach (var response in _call.ResponseStream.ReadAllAsync())
        {
            lock (_responses)
            {
                _responses.Add(response);
            }
        }
    }
}
