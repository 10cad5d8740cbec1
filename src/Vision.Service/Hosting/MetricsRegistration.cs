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
        var options = SectionValidation.ReadNow<MetricsOptions>(configuration, MetricsOptions.Section);
        if (options.PrometheusPort == 0)
        {
            return services;
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PipelineMetrics.MeterName)
            // Photo admission (sheds, queue, pixels in flight), the .NET runtime (GC, heap, thread pool), ASP.NET Core
            // hosting and Kestrel (requests, connections) and gRPC (calls by method and status): all built in, no agent.
            .AddMeter(Admission.PhotoAdmission.MeterName, Cases.CaseReview.MeterName, "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                "Grpc.AspNetCore.Server")
            .AddPrometheusHttpListener(listener =>
            {
                listener.Host = options.PrometheusHost;
                listener.Port = options.PrometheusPort;
            }));
        return services;
    }
}
