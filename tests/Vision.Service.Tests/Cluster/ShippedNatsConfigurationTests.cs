using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Cluster;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Cluster;

/// <summary>
/// Debian's nats-server started from the shipped deploy/systemd configuration: without a sign-in anyone on the network
/// read the watchlist hits, published frames and moved camera leases.
/// </summary>
public sealed class ShippedNatsConfigurationTests
{
    private static readonly Dictionary<string, string> Passwords = new()
    {
        ["VISION_NATS_PASSWORD"] = "node-" + Guid.NewGuid().ToString("N"),
        ["VISION_NATS_GATEWAY_PASSWORD"] = "gateway-" + Guid.NewGuid().ToString("N"),
    };

    [Fact]
    public async Task AClientWithoutTheNodesPassword_IsRefused_AndAGatewayMayOnlyPublishFrames()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var server = await NatsServerProcess.StartAsync(cancel.Token,
            Path.Combine(TestAssets.RepositoryRoot, "deploy", "systemd", "nats-server-vision.conf"), Passwords);
        var address = $"127.0.0.1:{server.Port}";

        await using var anonymous = new NatsConnection(new NatsOpts { Url = "nats://" + address, MaxReconnectRetry = 0 });
        await Assert.ThrowsAnyAsync<NatsException>(async () => await anonymous.ConnectAsync());

        // The node's address as cluster.env.example writes it: the user and password in the URL.
        await using var node = new NatsConnection(new NatsOpts { Url = $"nats://vision:{Passwords["VISION_NATS_PASSWORD"]}@{address}" });
        await node.ConnectAsync();
        await using var watching = await node.SubscribeCoreAsync<byte[]>("vision.events.watchlist.>", cancellationToken: cancel.Token);
        await node.PingAsync(cancel.Token);

        await using var gateway = new NatsConnection(new NatsOpts
        {
            Url = $"nats://gateway:{Passwords["VISION_NATS_GATEWAY_PASSWORD"]}@{address}", InboxPrefix = "_INBOX_gateway",
        });
        await gateway.ConnectAsync();
        await gateway.PublishAsync("vision.events.watchlist.hue-le-loi-1", "a forged hit"u8.ToArray(), cancellationToken: cancel.Token);
        await gateway.PublishAsync("vision.frames.hue-le-loi-1", "a frame"u8.ToArray(), cancellationToken: cancel.Token);
        await gateway.PingAsync(cancel.Token);
        await node.PingAsync(cancel.Token);

        // The forged hit never reached the node's subscription: the gateway may publish frames only.
        using var nothing = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await watching.Msgs.ReadAsync(nothing.Token));
    }

    [Fact]
    public async Task TheNodesPassword_InItsNatsAddress_IsNeverLogged()
    {
        // It was logged at every start, and every half second while NATS was away.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var server = await NatsServerProcess.StartAsync(cancel.Token,
            Path.Combine(TestAssets.RepositoryRoot, "deploy", "systemd", "nats-server-vision.conf"), Passwords);
        var password = Passwords["VISION_NATS_PASSWORD"];
        var logger = new RecordingLogger();
        var reachable = new ClusterOptions { NatsUrl = $"nats://vision:{password}@127.0.0.1:{server.Port}", NodeId = "password-test" };
        await using (var cluster = new ClusterConnection(Options.Create(reachable), logger))
        {
            await cluster.EnsureTopologyAsync(cancel.Token);
        }

        await server.KillAsync();
        var away = new ClusterOptions { NatsUrl = reachable.NatsUrl, NodeId = "password-test", ConnectTimeout = TimeSpan.FromSeconds(2) };
        await using var unreachable = new ClusterConnection(Options.Create(away), logger);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => unreachable.EnsureTopologyAsync(cancel.Token));

        Assert.Contains(logger.Lines, line => line.Contains("nats://***@127.0.0.1", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, line => line.Contains("not reachable", StringComparison.Ordinal));
        Assert.DoesNotContain(password, refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Lines, line => line.Contains(password, StringComparison.Ordinal));
    }

    private sealed class RecordingLogger : ILogger<ClusterConnection>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception) + " " + exception);
    }
}
