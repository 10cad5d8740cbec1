using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Runtime;
using Vision.Service.Cluster;
using Vision.Service.Hosting;
using Vision.Storage;

namespace Vision.Service.HealthChecks;

public static class HealthRegistration
{
    /// <summary>
    /// The health checks (detector inference, store query, camera frames; <c>Vision:Health</c>), answered per service on
    /// gRPC health (grpc.health.v1) and over HTTP on /healthz (everything) and /readyz (what any call needs).
    /// </summary>
    public static IServiceCollection AddVisionHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Each check's change of state is logged once by HealthTransitionLog; the framework's line per check and probe
        // (every 30 s, Error for every unhealthy answer) is not.
        services.AddSingleton<IHealthCheckPublisher, HealthTransitionLog>();
        services.AddLogging(logging => logging.AddFilter(DefaultHealthCheckServiceCategory, LogLevel.None));
        services.AddSingleton(provider =>
        {
            var photos = provider.GetRequiredService<DetectorSet>();
            return new DetectorHealthCheck(
                [("photo", photos.Standard), ("photo_high_resolution", photos.HighResolution), ("stream", provider.GetRequiredService<StreamDetector>().Detector)],
                Options(provider), provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(provider => new StoreHealthCheck(provider.GetRequiredService<ViolationDatabase>(), Options(provider)));
        services.AddSingleton(provider =>
        {
            // In a cluster the supervisor's pipelines stand idle: the node runs the cameras whose leases it holds.
            Func<IReadOnlyCollection<CameraPipeline>> running = provider.GetService<CameraOwnership>() is { } ownership
                ? () => ownership.RunningPipelines
                : () => provider.GetRequiredService<CameraSupervisor>().Cameras;
            return new CameraFreshnessHealthCheck(running, Options(provider), provider.GetRequiredService<TimeProvider>());
        });
        services.AddGrpcHealthChecks(grpc =>
            {
                grpc.Services.Clear();
                // The server as a whole serves while its detectors and store answer; silent cameras degrade only camera ingest,
                // so a gateway outage never makes a load balancer turn photo and review calls away.
                grpc.Services.Map(string.Empty, check => check.Tags.Contains(HealthTags.Ready));
                grpc.Services.Map("vision.v1.PhotoAnalysis", check => check.Tags.Contains(HealthTags.Photos));
                grpc.Services.Map("vision.v1.CameraIngest", check => check.Tags.Contains(HealthTags.Cameras));
                foreach (var service in (string[])["vision.v1.Review", "vision.v1.Alerts", "vision.v1.Statistics", "vision.v1.Evidence"])
                {
                    grpc.Services.Map(service, check => check.Tags.Contains(HealthTags.Store));
                }
            })
            .AddCheck<DetectorHealthCheck>("detector", tags: [HealthTags.Ready, HealthTags.Photos, HealthTags.Cameras])
            .AddCheck<StoreHealthCheck>("store", tags: [HealthTags.Ready, HealthTags.Photos, HealthTags.Cameras, HealthTags.Store])
            .AddCheck<CameraFreshnessHealthCheck>("cameras", tags: [HealthTags.Cameras]);
        return services;
    }

    /// <summary>gRPC health and /healthz, /readyz: anonymous (load balancers carry no credentials); 503 only when unhealthy.</summary>
    public static WebApplication MapVisionHealth(this WebApplication app)
    {
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthReportJson.WriteAsync,
        }).AllowAnonymous();
        return app;
    }

    private const string DefaultHealthCheckServiceCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    private static HealthOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<HealthOptions>>().Value;
}
