using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;
using Vision.Service.Security;

namespace Vision.Service.Tests.Security;

/// <summary>Plain HTTP never reaches the network by accident: start-up refuses it unless explicitly allowed, then warns every minute.</summary>
public sealed class NetworkExposureTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:6000")]
    [InlineData("http://+:6000")]
    [InlineData("http://[::]:6000")]
    [InlineData("http://192.168.1.20:6000")]
    [InlineData("http://127.0.0.1:6000;http://10.0.0.5:6000")]
    public void BindingBeyondLoopbackWithoutTls_RefusesToStart(string urls)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => VisionApp.Build(["--urls", urls, "--Vision:ModelDirectory", TestAssets.ModelDirectory]));
        Assert.StartsWith("Refusing to start:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Vision:Security:AllowInsecureNetwork=true", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5181")]
    [InlineData("http://vision.local:5181")]
    public void TheWebAppsOwnListenerBeyondLoopbackWithoutTls_RefusesToStartToo(string webUrl)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => VisionApp.Build(
            ["--urls", "http://127.0.0.1:5180", "--Vision:Web:Url", webUrl, "--Vision:ModelDirectory", TestAssets.ModelDirectory]));
        Assert.StartsWith($"Refusing to start: {webUrl} would serve plain HTTP", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5180")]
    [InlineData("http://localhost:5180")]
    [InlineData("http://[::1]:5180")]
    [InlineData("https://0.0.0.0:5443")]
    public void LoopbackOrTls_IsNotInsecure(string url) =>
        Assert.Empty(NetworkExposure.InsecureNetworkUrls(new ConfigurationBuilder().AddInMemoryCollection([new("urls", url)]).Build()));

    [Fact]
    public void KestrelEndpointsFromConfiguration_AreCheckedToo() =>
        Assert.Equal(["http://0.0.0.0:6000"], NetworkExposure.InsecureNetworkUrls(new ConfigurationBuilder().AddInMemoryCollection(
            [new("Kestrel:Endpoints:Grpc:Url", "http://0.0.0.0:6000"), new("Kestrel:Endpoints:Local:Url", "http://127.0.0.1:6001")]).Build()));

    [Fact]
    public async Task AllowedExplicitly_ItStartsOnEveryInterface_AndLogsAWarning()
    {
        await using var app = VisionApp.Build(
        [
            "--urls", "http://0.0.0.0:0", "--Vision:Security:AllowInsecureNetwork", "true",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory, "--Vision:Metrics:PrometheusPort", "0", "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Storage:SqlitePath", Path.Combine(Path.GetTempPath(), "vision-insecure-" + Guid.NewGuid().ToString("N")[..8], "vision.db"),
        ]);
        var warnings = new CapturedLog();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(warnings);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        await app.StopAsync();

        Assert.StartsWith("http://0.0.0.0:", address, StringComparison.Ordinal);
        Assert.Contains(warnings.Lines, line => line.StartsWith("INSECURE: http://0.0.0.0:0 serve plain HTTP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWebAddressWithAHostName_ListensOnEveryInterface_InsteadOfFailingToParseIt()
    {
        await using var app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0", "--Vision:Web:Url", "http://vision.local:0", "--Vision:Security:AllowInsecureNetwork", "true",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory, "--Vision:Metrics:PrometheusPort", "0", "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Storage:SqlitePath", Path.Combine(Path.GetTempPath(), "vision-hostname-" + Guid.NewGuid().ToString("N")[..8], "vision.db"),
        ]);

        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        await app.StopAsync();

        Assert.Contains(addresses, address => address.StartsWith("http://0.0.0.0:", StringComparison.Ordinal) || address.StartsWith("http://[::]:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheInsecureNetworkWarning_RepeatsEveryMinute()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
        var log = new CapturedLog();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(log));
        using var warning = new InsecureNetworkWarning(["http://0.0.0.0:6000"], time, factory.CreateLogger<InsecureNetworkWarning>());

        await warning.StartAsync(CancellationToken.None);
        await log.WaitForCountAsync(1);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Single(log.Lines);
        time.Advance(TimeSpan.FromSeconds(1));
        await log.WaitForCountAsync(2);
        time.Advance(TimeSpan.FromMinutes(1));
        await log.WaitForCountAsync(3);
        await warning.StopAsync(CancellationToken.None);

        Assert.All(log.Lines, line => Assert.StartsWith("INSECURE: http://0.0.0.0:6000", line, StringComparison.Ordinal));
    }

    /// <summary>Keeps warning lines written through any logger.</summary>
    private sealed class CapturedLog : ILoggerProvider, ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public async Task WaitForCountAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Lines.Count < count)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning && eventId.Id == 1640)
            {
                lock (_lines)
                {
                    _lines.Add(formatter(state, exception));
                }
            }
        }

        public void Dispose()
        {
        }
    }
}
