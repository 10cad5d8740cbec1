using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Security;

/// <summary>
/// The real service as on a network: HTTPS with a certificate from a test CA (files that can be replaced while it runs),
/// gateway client certificates from the same CA, no credential-less loopback access, and a small photo budget.
/// </summary>
public sealed class SecuredServiceFixture : IAsyncLifetime
{
    public const string Gateway = "gateway-le-loi";
    public const string Camera = "hue-le-loi-1";
    public const int PhotoBurst = 2;

    private WebApplication? _app;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "vision-secured-" + Guid.NewGuid().ToString("N")[..12]);

    public TestCertificates Ca { get; } = new();

    public string CertificatePath => Path.Combine(Folder, "tls", "server.crt");

    public string KeyPath => Path.Combine(Folder, "tls", "server.key");

    public Uri Address { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "tls"));
        using (var server = Ca.IssueServer("vision-1.hue.gov.vn"))
        {
            TestCertificates.WritePem(server, CertificatePath, KeyPath);
        }

        await File.WriteAllTextAsync(Path.Combine(Folder, "tls", "gateway-ca.pem"), Ca.Authority.ExportCertificatePem());
        _app = VisionApp.Build(
        [
            "--urls", "https://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Cameras:1:Id", Camera,
            "--Vision:Cameras:1:Name", "Lê Lợi × Hùng Vương",
            "--Vision:Cameras:1:Latitude", "16.4637",
            "--Vision:Cameras:1:Longitude", "107.5909",
            "--Vision:Storage:SqlitePath", Path.Combine(Folder, "vision.db"),
            "--Vision:Evidence:StoreDirectory", Path.Combine(Folder, "evidence"),
            "--Vision:Security:Tls:CertificatePath", CertificatePath,
            "--Vision:Security:Tls:KeyPath", KeyPath,
            "--Vision:Security:ClientCertificates:TrustedCaPath", Path.Combine(Folder, "tls", "gateway-ca.pem"),
            $"--Vision:Security:ClientCertificates:Gateways:{Gateway}:0", Camera,
            "--Vision:Security:AllowLoopbackWithoutCredentials", "false",
            "--Vision:Security:RateLimits:PhotoBurst", PhotoBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Vision:Security:RateLimits:PhotoCallsPerMinute", "1",
            "--Vision:Security:RateLimits:ReplenishmentPeriod", "00:01:00",
        ]);
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>
    /// A channel that trusts only the test CA (recording the server certificate it saw), optionally presenting a client
    /// certificate and an extra header.
    /// </summary>
    public GrpcChannel Channel(X509Certificate2? clientCertificate = null, Action<X509Certificate2>? sawServer = null, (string Name, string Value)? header = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is not null)
                    {
                        sawServer?.Invoke(new X509Certificate2(certificate));
                    }

                    return Ca.Trusts(certificate);
                },
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        HttpMessageHandler outer = header is { } h ? new Support.CredentialHandlerOver(handler, h.Name, h.Value) : handler;
        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = outer, DisposeHttpClient = true });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Ca.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredServiceCollection : ICollectionFixture<SecuredServiceFixture>
{
    public const string Name = "secured service";
}
