using Vision.Service.Grpc;

namespace Vision.Service.Hosting;

public static class GrpcRegistration
{
    /// <summary>Largest request message accepted; bigger ones fail with RESOURCE_EXHAUSTED before any service code runs.</summary>
    public const int DefaultMaxReceiveMessageBytes = 24 * 1024 * 1024;

    public static IServiceCollection AddVisionGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = configuration.GetValue("Vision:Grpc:MaxReceiveMessageBytes", DefaultMaxReceiveMessageBytes);
            options.MaxSendMessageSize = null;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<DetectorHealthCheck>("detector");
        return services;
    }

    public static WebApplication MapVisionGrpc(this WebApplication app)
    {
        app.MapGrpcService<PhotoAnalysisService>();
        app.MapGrpcService<CameraIngestService>();
        // Health and reflection answer anyone: load balancers and grpcurl carry no credentials.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
