using System.Net;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Observability;

/// <summary>The health checks as load balancers and operators reach them on the real host: gRPC health per service, /readyz and /healthz.</summary>
[Collection(VisionServiceCollection.Name)]
public sealed class HealthEndpointTests(VisionServiceFixture service)
{
    [Theory]
    [InlineData("")]
    [InlineData("vision.v1.PhotoAnalysis")]
    [InlineData("vision.v1.Review")]
    [InlineData("vision.v1.Evidence")]
    public async Task GrpcHealth_ServesPerService_WhileTheDetectorsAndTheStoreAnswer(string serviceName)
    {
        var health = await new Health.HealthClient(service.Channel).CheckAsync(new HealthCheckRequest { Service = serviceName });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task GrpcHealth_OfAServiceItDoesNotHave_IsNotFound()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Health.HealthClient(service.Channel).CheckAsync(new HealthCheckRequest { Service = "vision.v1.Teleport" }));

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Readyz_IsTheDetectorsRealInferenceAndTheStore_Healthy()
    {
        var (status, body) = await GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal(["detector", "store"], checks.EnumerateObject().Select(check => check.Name).Order());
        var detector = checks.GetProperty("detector").GetProperty("data");
        Assert.Equal(("yolox-nano-coco-416", "yolox-nano-coco-dynamic", "yolox-nano-coco-640"),
            (detector.GetProperty("photo_model").GetString(), detector.GetProperty("photo_high_resolution_model").GetString(), detector.GetProperty("stream_model").GetString()));
        Assert.Equal("Sqlite", checks.GetProperty("store").GetProperty("data").GetProperty("provider").GetString());
    }

    [Fact]
    public async Task Healthz_AddsTheCameras_EachWithTheSecondsSinceItsLastFrame_And503OnlyWhenUnhealthy()
    {
        var (status, body) = await GetAsync("/healthz");

        var checks = body.GetProperty("checks");
        Assert.Equal(["cameras", "detector", "store"], checks.EnumerateObject().Select(check => check.Name).Order());
        Assert.Equal(VisionServiceFixture.GatewayCameras.Order(), checks.GetProperty("cameras").GetProperty("data").EnumerateObject().Select(camera => camera.Name).Order());
        var overall = body.GetProperty("status").GetString();
        Assert.Equal(overall == "Unhealthy" ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK, status);
        Assert.Equal(checks.GetProperty("cameras").GetProperty("status").GetString(), overall);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        // The service's listener in the tests speaks HTTP/2 without TLS, as the gRPC clients do.
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.GetAsync(new Uri(service.Address, path));
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
