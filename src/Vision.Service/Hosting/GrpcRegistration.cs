using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vision.Service.Admission;
using Vision.Service.Grpc;
using Vision.Service.Grpc.Errors;

namespace Vision.Service.Hosting;

public static class GrpcRegistration
{
    /// <summary>Largest request message accepted; bigger ones fail with RESOURCE_EXHAUSTED before any service code runs.</summary>
    public const int DefaultMaxReceiveMessageBytes = 24 * 1024 * 1024;

    public static IServiceCollection AddVisionGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<Cases.CaseReview>();
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = configuration.GetValue("Vision:Grpc:MaxReceiveMessageBytes", DefaultMaxReceiveMessageBytes);
            options.MaxSendMessageSize = null;
            // Outermost, so it sees every failure of every handler and of every interceptor added after it.
            options.Interceptors.Add<ErrorPolicyInterceptor>();
        });
        // Grpc.AspNetCore's own binder, replaced by one whose request deserialisers refuse bad protobuf precisely.
        foreach (var binder in services.Where(descriptor => descriptor.ServiceType == typeof(IServiceMethodProvider<>)
                     && descriptor.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true).ToList())
        {
            services.Remove(binder);
        }

        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(UndecodableMessageGuard<>));
        services.AddVisionAdmission();
        services.AddOptions<CaptureTimeWindowOptions>().BindConfiguration(CaptureTimeWindowOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CaptureTimeWindow>();
        // Cluster mode (AddVisionCluster) puts its own intake here first.
        services.TryAddSingleton<IFrameIntake, LocalFrameIntake>();
        services.AddSingleton<Vision.Storage.CameraSequenceStore>();
        services.AddHostedService<CameraSequenceCheckpoints>();
        services.AddGrpcReflection();
        return services;
    }

    public static WebApplication MapVisionGrpc(this WebApplication app)
    {
        app.MapGrpcService<PhotoAnalysisService>();
        app.MapGrpcService<CameraIngestService>();
        // Reflection answers anyone: grpcurl carries no credentials (health: HealthRegistration).
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
