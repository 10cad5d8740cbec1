using Vision.Pipeline.Analysis;
using Vision.Service.Admission;
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
        // Shutdown drains the cameras, then seals and records every violation they raised: more than the default 30 s
        // may be needed, and a violation cut off here would be lost (HostOptions:ShutdownTimeout overrides it).
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMinutes(2));
        builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));
        builder.AddVisionEndpoints();
        builder.Services.AddVisionStorage(builder.Configuration);
        builder.Services.AddVisionPipeline();
        builder.Services.AddVisionPlates(builder.Configuration);
        builder.Services.AddVisionPrivacy();
        builder.Services.AddVisionTriage();
        builder.Services.AddVisionEvidence();
        builder.Services.AddVisionCameras(builder.Configuration);
        builder.Services.AddVisionRules(builder.Configuration);
        builder.Services.AddVisionStreetOrder();
        builder.Services.AddVisionMetrics(builder.Configuration);
        builder.Services.AddVisionTracing(builder.Configuration);
        builder.Services.AddVisionHealth();
        builder.Services.AddVisionGrpc(builder.Configuration);
        builder.Services.AddVisionDelivery(builder.Configuration);
        builder.Services.AddVisionCluster(builder.Configuration);
        builder.AddVisionSecurity();
        builder.Services.AddVisionWeb();

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
}
