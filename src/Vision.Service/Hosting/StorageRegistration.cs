using Microsoft.Extensions.Options;
using Vision.Domain.Geography;
using Vision.Domain.Triage;
using Vision.Domain.Violations;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Triage;
using Vision.Service.Cases;
using Vision.Service.Delivery;
using Vision.Service.Grpc;
using Vision.Storage;

namespace Vision.Service.Hosting;

public static class StorageRegistration
{
    /// <summary>
    /// The violations store (Vision:Storage; SQLite file by default, PostgreSQL by configuration), migrated before
    /// anything else starts, with the recorder, review, alerts, statistics, report-photo index and evidence folder over it.
    /// </summary>
    public static IServiceCollection AddVisionStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations()
            // Every report's media_url would name a redacted overview no package holds: a dead link on the citizen's side.
            .Validate<IOptions<Vision.Pipeline.Evidence.EvidenceOptions>>((delivery, evidence) => delivery.PublicEvidenceBaseUrl is null || evidence.Value.WriteRedactedCopy,
                "Vision:Delivery:PublicEvidenceBaseUrl publishes each package's redacted/overview.jpg, which Vision:Evidence:WriteRedactedCopy=false never writes: set it to true or leave the address out.")
            .ValidateOnStart();
        services.AddSingleton(provider => SqlDialect.For(provider.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddSingleton<ViolationDatabase>();
        services.AddSingleton<AlertSignal>();
        services.AddSingleton(provider => new CameraPositions(
            provider.GetRequiredService<CameraRegistry>().All.ToDictionary(c => c.Id, c => new GeoPosition(c.Latitude, c.Longitude))));
        static DeliveryTrigger Trigger(IServiceProvider provider) => provider.GetRequiredService<IOptions<DeliveryOptions>>().Value.Trigger;
        services.AddSingleton(provider => new ViolationRecorder(provider.GetRequiredService<ViolationDatabase>(),
            provider.GetRequiredService<CameraPositions>(), provider.GetRequiredService<AlertSignal>(), Trigger(provider),
            provider.GetRequiredService<ILogger<ViolationRecorder>>()));
        services.AddSingleton<IViolationRecorder>(provider =>
            new CaseEvidenceRecorder(provider.GetRequiredService<ViolationRecorder>(), provider.GetRequiredService<CaseReview>()));
        services.AddSingleton(provider => new ReviewStore(provider.GetRequiredService<ViolationDatabase>(), Trigger(provider),
            provider.GetRequiredService<ILogger<ReviewStore>>()));
        services.AddSingleton<AlertLog>();
        services.AddSingleton<DeliveryOutbox>();
        services.AddSingleton(provider => new StatisticsQuery(provider.GetRequiredService<ViolationDatabase>(), StatisticsQuery.VietnamTime()));
        services.AddSingleton<ReportPhotoIndex>();
        services.AddSingleton<IReportPhotoIndex>(provider => provider.GetRequiredService<ReportPhotoIndex>());
        // Review reads the packages where the evidence store seals them.
        services.AddSingleton(provider => new EvidenceFolder(provider.GetRequiredService<LocalEvidenceStore>().PackagesDirectory));
        services.AddHostedService<StorageMigrationService>();
        services.AddHostedService<WatchlistAlertRecorder>();
        return services;
    }

    /// <summary>The review, alerts and statistics gRPC services.</summary>
    public static WebApplication MapVisionReview(this WebApplication app)
    {
        app.MapGrpcService<ReviewService>();
        app.MapGrpcService<AlertsService>();
        app.MapGrpcService<StatisticsService>();
        return app;
    }
}
