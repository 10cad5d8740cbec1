using Grpc.AspNetCore.Server.Model;
using Vision.Service.Admission;
using Vision.Service.Grpc;
using Vision.Service.Grpc.Errors;

namespace Vision.Service.Hosting;

public static class GrpcRegistration
{
    public static IServiceCollection AddVisionGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = SectionValidation.ReadNow<GrpcOptions>(configuration, GrpcOptions.Section);
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = limits.MaxReceiveMessageBytes;
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
