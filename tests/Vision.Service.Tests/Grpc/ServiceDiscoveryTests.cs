using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Vision.Service.Tests.Support;

namespace Vision.Service.Tests.Grpc;

[Collection(VisionServiceCollection.Name)]
public sealed class ServiceDiscoveryTests(VisionServiceFixture service)
{
    [Fact]
    public async Task HealthCheck_ReportsServing_OnceTheDetectorsAreWarm()
    {
        var client = new Health.HealthClient(service.Channel);

        var response = await client.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_ListsThePhotoAnalysisService()
    {
        var client = new ServerReflection.ServerReflectionClient(service.Channel);
        using var call = client.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("vision.v1.PhotoAnalysis", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }
}
