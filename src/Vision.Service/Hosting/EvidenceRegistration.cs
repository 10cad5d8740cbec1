using Microsoft.Extensions.Options;
using Vision.Domain.Violations;
using Vision.Pipeline.Analysis;
using Vision.Pipeline.Cameras;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Runtime;
using Vision.Service.Grpc;

namespace Vision.Service.Hosting;

/// <summary>
/// Evidence packages (configuration <c>Vision:Evidence</c>): the signing key, the local store with retention, the
/// package builder with its privacy-redacted copy, and the recorder whose per-camera feed <see cref="CameraStages"/>
/// puts first in each camera's stages. <see cref="CameraHostedService"/> runs the recorder: it starts before the cameras
/// and stops after them, building what they raised last.
/// </summary>
public static class EvidenceRegistration
{
    public const string Section = "Vision:Evidence";

    public static IServiceCollection AddVisionEvidence(this IServiceCollection services)
    {
        services.AddOptions<EvidenceOptions>().BindConfiguration(Section).ValidateDataAnnotations()
            .Validate<CameraRegistry>((options, cameras) => cameras.All.Where(camera => camera.Enabled)
                    .All(camera => camera.HistoryDuration >= options.ClipBefore + options.ClipAfter),
                "Vision:Evidence:ClipBefore + ClipAfter must fit in every enabled camera's frame history (Vision:Cameras:N:HistoryDuration, 10 s by default).")
            .ValidateOnStart();
        services.AddSingleton(provider => EvidenceSigningKey.LoadOrCreate(Path.GetFullPath(Options(provider).SigningKeyPath)));
        services.AddSingleton(provider => provider.GetRequiredService<EvidenceSigningKey>().TrustedWith(Options(provider).RetiredPublicKeyPaths));
        services.AddSingleton(provider =>
            new LocalEvidenceStore(Options(provider).StoreDirectory, Options(provider).Retention, provider.GetRequiredService<TimeProvider>(),
                // Cluster nodes share the store: each stages under its node id (Vision:Cluster:NodeId).
                stagingScope: Cluster.ClusterOptions.IsEnabled(provider.GetRequiredService<IConfiguration>())
                    ? provider.GetRequiredService<IConfiguration>()[Cluster.ClusterOptions.Section + ":NodeId"]
                    : null));
        services.AddSingleton<IEvidenceStore>(provider => provider.GetRequiredService<LocalEvidenceStore>());
        services.AddSingleton(provider =>
        {
            var options = Options(provider);
            EvidenceRedaction? redaction = null;
            if (options.WriteRedactedCopy)
            {
                // Other vehicles' plates are found with the plate locator when plate reading is on; otherwise where their plates can be (PlateBand) is obscured.
                var locator = provider.GetRequiredService<IOptions<PlateStageOptions>>().Value.Enabled ? provider.GetRequiredService<PlateModels>().Locator : null;
                redaction = new EvidenceRedaction(provider.GetRequiredService<PrivacyRedactor>(), provider.GetRequiredService<DetectorSet>().Standard, locator);
            }

            return new EvidencePackageBuilder(provider.GetRequiredService<IEvidenceStore>(), provider.GetRequiredService<EvidenceSigningKey>(), options,
                provider.GetRequiredService<TimeProvider>(), redaction);
        });
        services.AddSingleton(provider => new EvidenceRecorder(provider.GetRequiredService<EvidencePackageBuilder>(),
            provider.GetRequiredService<IViolationRecorder>(), Options(provider), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<EvidenceRecorder>>(),
            // Nodes of a cluster share the store: each takes back only the cameras it comes to own (Cluster/OwnedCamera).
            new PendingViolationJournal(Options(provider).StoreDirectory,
                recoverAtOpen: !Cluster.ClusterOptions.IsEnabled(provider.GetRequiredService<IConfiguration>()))));
        services.AddSingleton<EvidenceHostedService>();
        return services;
    }

    public static WebApplication MapVisionEvidence(this WebApplication app)
    {
        app.MapGrpcService<EvidenceService>();
        return app;
    }

    private static EvidenceOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<EvidenceOptions>>().Value;
}
