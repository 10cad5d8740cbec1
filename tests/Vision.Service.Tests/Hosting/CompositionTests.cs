using Vision.Pipeline.TrafficLights;
using Vision.Service.Cases;
using Vision.Service.Cluster;
using Vision.Service.Grpc;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Hosting;

/// <summary>
/// The service's composition (<see cref="VisionApp.AddVisionServices"/>), inspected before anything is built: each of
/// Vision's services is registered exactly once, and the frame intake is the one the configuration names.
/// </summary>
public sealed class CompositionTests
{
    private static readonly string[] SingleNode = ["--urls", "http://127.0.0.1:0"];

    private static readonly string[] ClusterNode =
    [
        "--urls", "http://127.0.0.1:0",
        "--Vision:Cluster:NatsUrl", "nats://127.0.0.1:1",
        "--Vision:Cluster:NodeId", "node-1",
        "--Vision:Storage:Provider", "Postgres",
        "--Vision:Storage:PostgresConnectionString", "Host=127.0.0.1;Port=1;Username=vision;Database=vision",
    ];

    public static TheoryData<string> Modes => new() { nameof(SingleNode), nameof(ClusterNode) };

    [Fact]
    public void A_single_node_takes_a_gateways_frames_into_its_own_cameras() =>
        Assert.Equal(typeof(LocalFrameIntake), Registration<IFrameIntake>(Compose(SingleNode)).ImplementationType);

    [Fact]
    public void A_cluster_node_puts_a_gateways_frames_on_the_clusters_frame_stream() =>
        Assert.Equal(typeof(JetStreamFrameIntake), Registration<IFrameIntake>(Compose(ClusterNode)).ImplementationType);

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_service_of_Vision_is_registered_once(string mode)
    {
        var services = Compose(mode == nameof(ClusterNode) ? ClusterNode : SingleNode);

        var repeated = services
            .Where(descriptor => descriptor.ServiceType == typeof(TimeProvider)
                                 || descriptor.ServiceType.Namespace?.StartsWith("Vision.", StringComparison.Ordinal) == true)
            .GroupBy(descriptor => descriptor.ServiceType)
            .Where(registrations => registrations.Count() > 1)
            .Select(registrations => $"{registrations.Key.FullName} ({registrations.Count()} times)");
        Assert.Empty(repeated);
        Assert.Same(TimeProvider.System, Registration<TimeProvider>(services).ImplementationInstance);
        Assert.Equal(typeof(PhotoTrafficLightReader), Registration<ITrafficLightStateReader>(services).ImplementationType);
        Assert.Equal(typeof(CaseReview), Registration<CaseReview>(services).ImplementationType);
    }

    private static IServiceCollection Compose(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        VisionApp.AddVisionServices(builder);
        return builder.Services;
    }

    private static ServiceDescriptor Registration<TService>(IServiceCollection services) =>
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(TService));
}
