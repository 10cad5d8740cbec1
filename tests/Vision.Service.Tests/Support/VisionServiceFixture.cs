using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Support;

/// <summary>The real Vision service on a free loopback port (Kestrel, HTTP/2), as Program runs it.</summary>
public sealed class VisionServiceFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public GrpcChannel Channel { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
        ]);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.Single());
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxSendMessageSize = null });
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class VisionServiceCollection : ICollectionFixture<VisionServiceFixture>
{
    public const string Name = "vision service";
}
