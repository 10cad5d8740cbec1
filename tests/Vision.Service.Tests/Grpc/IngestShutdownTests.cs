using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vision.Contracts.V1;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Grpc;

/// <summary>
/// A service told to stop reads no more frames from its gateways, reports how every frame it had accepted ended, then
/// ends their ingest streams with UNAVAILABLE / SHUTTING_DOWN, so they reconnect (to another node of a cluster) instead
/// of the host waiting for them until its shutdown timeout (two minutes).
/// </summary>
public sealed class IngestShutdownTests
{
    [Fact]
    public async Task StoppingService_ReportsEveryAcceptedFrame_ThenEndsTheIngestStream_WithShuttingDown()
    {
        var data = Directory.CreateTempSubdirectory("vision-ingest-shutdown-");
        try
        {
            await using var app = VisionApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Vision:Storage:SqlitePath", Path.Combine(data.FullName, "vision.db"),
                "--Vision:ModelDirectory", TestAssets.ModelDirectory,
                "--Logging:LogLevel:Default", "Warning",
                "--Vision:Metrics:PrometheusPort", "0",
                "--Vision:Cameras:0:Enabled", "false",
                "--Vision:Cameras:1:Id", "gw-stopping",
                "--Vision:Cameras:1:Name", "gateway camera of a stopping service",
                "--Vision:Cameras:1:Latitude", "16.4637",
                "--Vision:Cameras:1:Longitude", "107.5909",
                // A stream the host would still be waiting for fails the test well before this.
                "--HostOptions:ShutdownTimeout", "00:05:00",
            ]);
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = null });
            await using var gateway = await GatewayClient.OpenAsync(channel, "gw-stopping");
            // Frames of the sample clip, many more than the detector gets through before the stop below.
            const int Frames = 32;
            for (var sequence = 0; sequence < Frames; sequence++)
            {
                await gateway.SendAsync(sequence);
            }

            while (gateway.Acks.Count() < Frames && !gateway.Ended.IsCompleted)
            {
                await Task.Delay(10);
            }

            Assert.Equal(Enumerable.Repeat(FrameAckOutcome.Accepted, Frames), gateway.Acks.Select(ack => ack.Outcome));
            var reportedBeforeTheStop = gateway.Completed.Count() + gateway.Dropped.Count();
            Assert.True(reportedBeforeTheStop < Frames, $"all {reportedBeforeTheStop} frames were done before the stop; the test proves nothing");
            var stopping = app.StopAsync();
            var ending = await Record.ExceptionAsync(() => gateway.Ended.WaitAsync(TimeSpan.FromMinutes(1)));

            Assert.True(ending is RpcException,
                $"the stream ended {ending?.GetType().Name ?? "OK"} after {string.Join(", ", gateway.Responses.Select(r => r.KindCase))}");
            var error = (RpcException)ending!;
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
            Assert.Equal(("SHUTTING_DOWN", "gw-stopping"), (info.Reason, info.Metadata["camera_id"]));
            // Every accepted frame was reported, each once, and the last word before the error was the totals.
            var reported = gateway.Completed.Select(c => c.Sequence).Concat(gateway.Dropped.Select(d => d.Sequence)).Order().ToList();
            Assert.Equal(Enumerable.Range(0, Frames).Select(s => (ulong)s), reported);
            Assert.Equal(IngestResponse.KindOneofCase.Status, gateway.Responses[^1].KindCase);
            Assert.Equal((ulong)Frames, gateway.FinalStatus.Accepted);
            await stopping.WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
