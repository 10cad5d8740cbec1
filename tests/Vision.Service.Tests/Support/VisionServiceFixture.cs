using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;
using Vision.Service.Security;

namespace Vision.Service.Tests.Support;

/// <summary>The real Vision service on a free loopback port (Kestrel, HTTP/2), as Program runs it.</summary>
public sealed class VisionServiceFixture : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>Gateway-fed cameras of the test registry: eight for the overload test, one per other scenario.</summary>
    public static IReadOnlyList<string> GatewayCameras { get; } =
        [.. Enumerable.Range(1, 8).Select(i => $"gw-load-{i}"), "gw-resume", "gw-corrupt", "gw-tracks", "gw-hostile", "gw-oversize"];

    /// <summary>A gateway camera of the registry that is switched off (camera 0, the sample camera, is disabled too but has a source).</summary>
    public const string DisabledGatewayCamera = "gw-disabled";

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>A channel with a token from the test identity provider for an officer who also supervises and analyses photos.</summary>
    public GrpcChannel ReviewerChannel { get; private set; } = null!;

    private TestTokenIssuer _issuer = null!;

    public IServiceProvider Services => _app!.Services;

    public Uri Address { get; private set; } = null!;

    // A fresh store per run: cameras resume after the sequences a store remembers.
    private readonly string _data = Directory.CreateTempSubdirectory("vision-service-tests-").FullName;

    /// <summary>A signing key the service's key replaced: listed in Vision:Evidence:RetiredPublicKeyPaths (its public half only).</summary>
    public EvidenceSigningKey RetiredSigningKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TestTokenIssuer.StartAsync();
        RetiredSigningKey = EvidenceSigningKey.LoadOrCreate(Path.Combine(_data, "retired-signing-key.pem"));
        var retiredPublicKey = Path.Combine(_data, "retired-signing-key.pub.pem");
        await File.WriteAllTextAsync(retiredPublicKey, RetiredSigningKey.PublicKeyPem);
        _app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            .. _issuer.ServiceArguments,
            // Many test classes share this service and its loopback identity; the rate limit has its own tests.
            "--Vision:Security:RateLimits:PhotoBurst", "100000",
            "--Vision:Security:RateLimits:PhotoCallsPerMinute", "100000",
            "--Vision:Storage:SqlitePath", Path.Combine(_data, "vision.db"),
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Evidence:RetiredPublicKeyPaths:0", retiredPublicKey,
            .. GatewayCameras.SelectMany((id, index) => new[]
            {
                $"--Vision:Cameras:{index + 1}:Id", id,
                $"--Vision:Cameras:{index + 1}:Name", "test gateway camera " + id,
                $"--Vision:Cameras:{index + 1}:Latitude", "16.4637",
                $"--Vision:Cameras:{index + 1}:Longitude", "107.5909",
                $"--Vision:Cameras:{index + 1}:ExpectedFramesPerSecond", "10",
            }),
            $"--Vision:Cameras:{GatewayCameras.Count + 1}:Id", DisabledGatewayCamera,
            $"--Vision:Cameras:{GatewayCameras.Count + 1}:Name", "switched-off gateway camera",
            $"--Vision:Cameras:{GatewayCameras.Count + 1}:Enabled", "false",
        ]);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.Single());
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxSendMessageSize = null });
        ReviewerChannel = CredentialHandler.BearerChannel(Address,
            _issuer.Issue("reviewer-test", VisionRoles.Officer, VisionRoles.Supervisor, VisionRoles.ReportBackend));
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        ReviewerChannel?.Dispose();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class VisionServiceCollection : ICollectionFixture<VisionServiceFixture>
{
    public const string Name = "vision service";
}

/// <summary>
/// A service of its own for tests that measure the whole process (its memory): the collection runs alone, after the
/// parallel ones, so nothing else in the test process grows it meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedVisionServiceCollection : ICollectionFixture<VisionServiceFixture>
{
    public const string Name = "vision service, alone";
}
