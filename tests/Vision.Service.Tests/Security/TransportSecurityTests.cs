using System.Security.Cryptography.X509Certificates;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Vision.Contracts.V1;
using Vision.Service.Security;
using Vision.Storage.Accounts;

namespace Vision.Service.Tests.Security;

/// <summary>TLS with a test CA (reloaded when the files change), gateway client certificates, no anonymous loopback, photo rate limits.</summary>
[Collection(SecuredServiceCollection.Name)]
public sealed class TransportSecurityTests(SecuredServiceFixture service)
{
    [Fact]
    public async Task AClientTrustingTheTestCa_CompletesTheTlsHandshake()
    {
        X509Certificate2? seen = null;
        using var channel = service.Channel(sawServer: c => seen = c);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal("CN=vision-1.hue.gov.vn", seen!.Subject);
    }

    [Fact]
    public async Task AClientThatDoesNotTrustTheCa_CannotConnect()
    {
        using var channel = GrpcChannel.ForAddress(service.Address);
        var refused = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Internal, refused.StatusCode);
        Assert.Contains("SSL connection could not be established", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARenewedCertificate_IsServedOnNewConnections_WithoutARestart()
    {
        var source = service.Services.GetRequiredService<TlsCertificateSource>();
        var reloaded = new TaskCompletionSource<X509Certificate2>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Reloaded += certificate => reloaded.TrySetResult(certificate);
        using var renewed = service.Ca.IssueServer("vision-1-renewed.hue.gov.vn");

        TestCertificates.WritePem(renewed, service.CertificatePath, service.KeyPath);
        var loaded = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(renewed.Thumbprint, loaded.Thumbprint);
        X509Certificate2? seen = null;
        using var channel = service.Channel(sawServer: c => seen = c);
        await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal("CN=vision-1-renewed.hue.gov.vn", seen!.Subject);
    }

    [Fact]
    public async Task AGatewayCertificate_StreamsItsCamera_AndIsRefusedOthers()
    {
        using var certificate = service.Ca.IssueClient(SecuredServiceFixture.Gateway);
        using var channel = service.Channel(certificate);

        await using (var gateway = await Support.GatewayClient.OpenAsync(channel, SecuredServiceFixture.Camera))
        {
            await gateway.FinishAsync();
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => Support.IngestOpening.OpenAsync(channel, "hue-hung-vuong-2"));
        Assert.Equal((StatusCode.PermissionDenied, "CAMERA_NOT_PERMITTED"), (refused.StatusCode, Reason(refused)));
        Assert.Equal("cert:" + SecuredServiceFixture.Gateway, ErrorInfoOf(refused).Metadata["identity"]);
    }

    [Fact]
    public async Task CertificatesFromAnotherCa_OrNotRegistered_AreUnauthenticated()
    {
        using var otherCa = new TestCertificates("Someone Else's CA");
        using var foreign = otherCa.IssueClient(SecuredServiceFixture.Gateway);
        using var foreignChannel = service.Channel(foreign);
        var refusedForeign = await Assert.ThrowsAsync<RpcException>(() => Support.IngestOpening.OpenAsync(foreignChannel, SecuredServiceFixture.Camera));
        Assert.Equal(StatusCode.Unauthenticated, refusedForeign.StatusCode);

        using var unregistered = service.Ca.IssueClient("gateway-unknown");
        using var unregisteredChannel = service.Channel(unregistered);
        var refusedUnregistered = await Assert.ThrowsAsync<RpcException>(() => Support.IngestOpening.OpenAsync(unregisteredChannel, SecuredServiceFixture.Camera));
        Assert.Equal((StatusCode.Unauthenticated, "CERTIFICATE_NOT_REGISTERED"), (refusedUnregistered.StatusCode, Reason(refusedUnregistered)));
    }

    [Fact]
    public async Task WithLoopbackAccessOff_ACallerWithoutCredentials_IsUnauthenticated()
    {
        using var channel = service.Channel();
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new PhotoAnalysis.PhotoAnalysisClient(channel).AnalyzePhotoAsync(new AnalyzePhotoRequest()).ResponseAsync);
        Assert.Equal((StatusCode.Unauthenticated, "UNAUTHENTICATED"), (refused.StatusCode, Reason(refused)));
    }

    [Fact]
    public async Task PhotoCallsBeyondTheBudget_AreResourceExhausted_WithARetryDelay_PerIdentity()
    {
        var keys = service.Services.GetRequiredService<ApiKeyStore>();
        var (_, busy) = await keys.AddAsync("busy backend", VisionRoles.ReportBackend, [], CancellationToken.None);
        var (_, quiet) = await keys.AddAsync("quiet backend", VisionRoles.ReportBackend, [], CancellationToken.None);
        using var busyChannel = service.Channel(header: ("x-api-key", busy));
        using var quietChannel = service.Channel(header: ("x-api-key", quiet));
        var photos = new PhotoAnalysis.PhotoAnalysisClient(busyChannel);

        for (var call = 0; call < SecuredServiceFixture.PhotoBurst; call++)
        {
            var served = await Assert.ThrowsAsync<RpcException>(() => photos.AnalyzePhotoAsync(new AnalyzePhotoRequest()).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, served.StatusCode); // reached the service: an empty image
        }

        var limited = await Assert.ThrowsAsync<RpcException>(() => photos.TriagePhotoAsync(new TriagePhotoRequest()).ResponseAsync);
        Assert.Equal((StatusCode.ResourceExhausted, "RATE_LIMITED"), (limited.StatusCode, Reason(limited)));
        var retry = limited.GetRpcStatus()!.Details.Single(d => d.Is(RetryInfo.Descriptor)).Unpack<RetryInfo>();
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(((long)retry.RetryDelay.ToTimeSpan().TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            limited.Trailers.GetValue(Admission.PhotoAdmission.RetryPushbackTrailer));

        var other = await Assert.ThrowsAsync<RpcException>(() =>
            new PhotoAnalysis.PhotoAnalysisClient(quietChannel).AnalyzePhotoAsync(new AnalyzePhotoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, other.StatusCode);
    }

    private static ErrorInfo ErrorInfoOf(RpcException error) => error.GetRpcStatus()!.Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();

    private static string Reason(RpcException error) => ErrorInfoOf(error).Reason;
}
