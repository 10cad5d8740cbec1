using OpenTelemetry.Metrics;
using Vision.Pipeline.Runtime;

namespace Vision.Service.Hosting;

public static class MetricsRegistration
{
    /// <summary>
    /// Exports the pipeline's System.Diagnostics.Metrics instruments in Prometheus text format on its own HTTP/1.1
    /// listener at <c>http://{Vision:Metrics:PrometheusHost}:{PrometheusPort}/metrics</c> (port 0 disables it): the
    /// gRPC endpoints speak only HTTP/2.
    /// </summary>
    public static IServiceCollection AddVisionMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        var port = configuration.GetValue("Vision:Metrics:PrometheusPort", 0);
        if (port == 0)
        {
            return services;
        }

        var host = configuration.GetValue("Vision:Metrics:PrometheusHost", "127.0.0.1")!;
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName)
            // Photo admission (sheds, queue, pixels in flight), the .NET runtime (GC, heap, thread pool), ASP.NET Core
            // hosting and Kestrel (requests, connections) and gRPC (calls by method and status): all built in, no agent.
            .AddMeter(Admission.PhotoAdmission.MeterName, Cases.CaseReview.MeterName, "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                "Grpc.AspNetCore.Server")
            .AddPrometheusHttpListener(listener =>
            {
                listener.Host = host;
                listener.Port = port;
            }));
        return services;
    }
}
