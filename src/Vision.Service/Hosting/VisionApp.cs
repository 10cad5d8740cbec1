using Vision.Pipeline.Analysis;
using Vision.Service.Admission;
using Vision.Service.Cases;
using Vision.Service.Grpc;
using Vision.Service.HealthChecks;
using Vision.Pipeline.Privacy;
using Vision.Pipeline.Runtime;
using Vision.Service.Cluster;
using Vision.Service.Security;
using Vision.Service.Tracing;
using Vision.Service.Web;

namespace Vision.Service.Hosting;

/// <summary>Builds the Vision web host; used by Program and by the end-to-end tests, so both run the same service.</summary>
public static class VisionApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Before anything large is allocated natively: models, decoded photos and tensors then give their pages back.
        var nativeHeap = NativeHeap.Configure(builder.Configuration);
        AddVisionServices(builder);

        var app = builder.Build();
        ServiceLog.NativeHeapConfigured(app.Logger, nativeHeap.ThresholdBytes, nativeHeap.MaxArenas, nativeHeap.Outcome);
        // Load and warm up every model now, so a missing file or an unavailable GPU stops start-up, not the first call.
        app.Services.GetRequiredService<PhotoAnalyzer>();
        app.Services.GetRequiredService<CameraSupervisor>();
        app.Services.GetRequiredService<PrivacyRedactor>();
        app.UseVisionSecurity();
        app.MapVisionSignIn();
        app.MapVisionGrpc();
        app.MapVisionHealth();
        app.MapVisionEvidence();
        app.MapVisionReview();
        app.MapVisionWeb();
        return app;
    }

    /// <summary>
    /// The composition of the service, read top to bottom: every service is registered once, here or in one of the
    /// <c>AddVisionX</c> calls, and none replaces, removes or yields to another registration (no <c>TryAdd</c>), so the
    /// order of these calls decides nothing.
    /// </summary>
    public static void AddVisionServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        // Shutdown drains the cameras, then seals and records every violation they raised: more than the default 30 s
        // may be needed, and a violation cut off here would be lost (HostOptions:ShutdownTimeout overrides it).
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMinutes(2));
        services.Configure<HostOptions>(configuration.GetSection("HostOptions"));
        // The one clock of the service: everything that reads the time or waits takes it from here.
        services.AddSingleton(TimeProvider.System);
        builder.AddVisionEndpoints();
        services.AddVisionStorage(configuration);
        services.AddVisionPipeline();
        services.AddVisionPlates(configuration);
        services.AddVisionPrivacy();
        services.AddVisionTriage();
        services.AddVisionEvidence();
        services.AddVisionCameras(configuration);
        services.AddVisionRules(configuration);
        services.AddVisionStreetOrder();
        services.AddVisionMetrics(configuration);
        services.AddVisionTracing(configuration);
        services.AddVisionHealth();
        // Decisions and case closures, one service for the gRPC Review API and the web review desk.
        services.AddSingleton<CaseReview>();
        services.AddVisionGrpc(configuration);
        // A gateway's frames go into this node's camera, or in cluster mode onto the cluster's frame stream for the
        // node that owns the camera.
        if (ClusterOptions.IsEnabled(configuration))
        {
            services.AddSingleton<IFrameIntake, JetStreamFrameIntake>();
        }
        else
        {
            services.AddSingleton<IFrameIntake, LocalFrameIntake>();
        }

        services.AddVisionDelivery(configuration);
        services.AddVisionCluster(configuration);
        builder.AddVisionSecurity();
        services.AddVisionWeb();
    }
}
