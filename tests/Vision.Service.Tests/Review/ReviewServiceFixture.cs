using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Security;
using Vision.Service.Tests.Support;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Review;

/// <summary>
/// The real Vision service (VisionApp, Kestrel on a free loopback port) with its own SQLite store and evidence folder
/// in a temporary directory, delivering confirmed violations as Open311 requests to a flaky loopback backend. Callers
/// authenticate for real, with bearer tokens from a local OpenID Connect issuer the service discovers.
/// </summary>
public class ReviewServiceFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "vision-review-" + Guid.NewGuid().ToString("N")[..12]);

    public string EvidenceStore => Path.Combine(Folder, "evidence");

    /// <summary>Where the evidence store keeps sealed packages (one folder per id).</summary>
    public string EvidenceRoot => Path.Combine(EvidenceStore, "packages");

    public FlakyOpen311Backend Backend { get; private set; } = null!;

    public TestTokenIssuer Issuer { get; private set; } = null!;

    /// <summary>Officer and supervisor "csgt-hue-017", signed in through the identity provider.</summary>
    public GrpcChannel Channel { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public Uri Address { get; private set; } = null!;

    /// <summary>A second, independent connection: officer "csgt-hue-042"'s client.</summary>
    public GrpcChannel NewChannel() => ChannelFor("csgt-hue-042", VisionRoles.Officer);

    /// <summary>A connection for a person (or machine) with exactly these roles, by bearer token.</summary>
    public GrpcChannel ChannelFor(string username, params string[] roles) => CredentialHandler.BearerChannel(Address, Issuer.Issue(username, roles));

    /// <summary>A connection without credentials.</summary>
    public GrpcChannel AnonymousChannel() => GrpcChannel.ForAddress(Address);

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(EvidenceRoot);
        Backend = await FlakyOpen311Backend.StartAsync(seed: 7, lateAnswer: TimeSpan.FromSeconds(1.2));
        Issuer = await TestTokenIssuer.StartAsync();
        _app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            // Every test signs in from this machine's address.
            "--Vision:Security:RateLimits:SignInBurst", "100000",
            "--Vision:Cameras:1:Id", "hue-le-loi-1",
            "--Vision:Cameras:1:Name", "Lê Lợi × Hùng Vương",
            "--Vision:Cameras:1:Latitude", "16.4637",
            "--Vision:Cameras:1:Longitude", "107.5909",
            .. await StorageArgumentsAsync(),
            "--Vision:Evidence:StoreDirectory", EvidenceStore,
            "--Vision:Delivery:Target", "Open311",
            "--Vision:Delivery:Open311BaseUrl", Backend.BaseUrl.ToString(),
            "--Vision:Delivery:PublicEvidenceBaseUrl", "https://evidence.hue.gov.vn/packages",
            "--Vision:Delivery:RequestTimeout", "00:00:00.400",
            "--Vision:Delivery:InitialBackoff", "00:00:00.050",
            "--Vision:Delivery:MaxBackoff", "00:00:00.400",
            "--Vision:Delivery:PollInterval", "00:00:00.050",
            "--Vision:Delivery:MaxAttempts", "40",
            .. Issuer.ServiceArguments,
        ]);
        await _app.StartAsync();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.Single());
        Channel = ChannelFor("csgt-hue-017", VisionRoles.Officer, VisionRoles.Supervisor);
    }

    /// <summary>Where the store lives: a SQLite file in the fixture's folder.</summary>
    protected virtual Task<IReadOnlyList<string>> StorageArgumentsAsync() =>
        Task.FromResult<IReadOnlyList<string>>(["--Vision:Storage:SqlitePath", Path.Combine(Folder, "vision.db")]);

    public virtual async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Backend.DisposeAsync();
        await Issuer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ReviewServiceCollection : ICollectionFixture<ReviewServiceFixture>
{
    public const string Name = "review service";
}
