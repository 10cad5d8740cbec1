using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Runtime;
using Vision.Service.Grpc;
using Vision.Service.HealthChecks;
using Vision.Service.Hosting;
using Vision.Storage;

namespace Vision.Service.Cluster;

public static class ClusterRegistration
{
    /// <summary>
    /// Cluster mode when <c>Vision:Cluster</c> is configured (nothing otherwise): the NATS connection and JetStream
    /// topology, camera leases with the owned cameras' pipelines, and the alert relay onto the event stream (the frame
    /// intake onto the frame stream, <see cref="JetStreamFrameIntake"/>, is chosen in <see cref="VisionApp"/>). Requires
    /// the shared PostgreSQL store; checked at start-up.
    /// </summary>
    public static IServiceCollection AddVisionCluster(this IServiceCollection services, IConfiguration configuration)
    {
        if (!ClusterOptions.IsEnabled(configuration))
        {
            return services;
        }

        // Checked now, before any model loads: a misconfigured node stops at once, naming the setting.
        ValidateEarly(configuration);
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClusterConnection>();
        services.AddHostedService<ClusterStartup>();
        services.AddSingleton(provider => new OwnedCameraServices(
            provider.GetRequiredService<ClusterConnection>(),
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value,
            provider.GetRequiredService<CameraPipelineFactory>(),
            provider.GetRequiredService<EvidenceRecorder>(),
            provider.GetRequiredService<IOptions<EvidenceOptions>>().Value,
            provider.GetRequiredService<IOptions<SupervisorOptions>>().Value,
            provider.GetRequiredService<AlertLog>(),
            provider.GetRequiredService<PipelineMetrics>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<OwnedCamera>>()));
        services.AddSingleton<Func<CameraDefinition, ulong, OwnedCamera>>(provider =>
            (camera, revision) => new OwnedCamera(camera, revision, provider.GetRequiredService<OwnedCameraServices>()));
        services.AddSingleton<CameraOwnership>();
        services.AddHostedService(provider => provider.GetRequiredService<CameraOwnership>());
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [HealthTags.Cameras]);
        services.AddHostedService<AlertRelay>();
        services.AddHostedService<AlertWakeup>();
        return services;
    }

    private static void ValidateEarly(IConfiguration configuration)
    {
        var options = configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var problems = results.Select(result => result.ErrorMessage ?? "invalid").ToList();
        if (configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Provider != StorageProvider.Postgres)
        {
            problems.Add("Vision:Cluster needs the store every node shares: set Vision:Storage:Provider to Postgres and "
                         + "Vision:Storage:PostgresConnectionString (SQLite is a file of one process).");
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(ClusterOptions.Section, typeof(ClusterOptions), problems);
        }
    }
}

/// <summary>Connects to NATS and creates the streams and buckets before anything of the cluster runs or a call is taken.</summary>
public sealed class ClusterStartup(ClusterConnection cluster) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => cluster.EnsureTopologyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
