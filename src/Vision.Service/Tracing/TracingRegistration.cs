using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vision.Pipeline.Tracing;

namespace Vision.Service.Tracing;

public static class TracingRegistration
{
    /// <summary>The OTLP exporter's named options (<c>IOptionsMonitor&lt;OtlpExporterOptions&gt;.Get(ExporterName)</c>).</summary>
    public const string ExporterName = "vision";

    /// <summary>
    /// With <c>Vision:Tracing:Enabled</c>, traces every gRPC and web call (ASP.NET Core) with the pipeline's stages
    /// beneath them, and each camera frame as a trace of its own, exported over OTLP. Off, nothing listens to the
    /// sources, so no span is ever created. The options are validated at start-up either way.
    /// </summary>
    public static IServiceCollection AddVisionTracing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TracingOptions>().BindConfiguration(TracingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TracingOptions>, TracingOptionsValidation>();
        var options = configuration.GetSection(TracingOptions.Section).Get<TracingOptions>() ?? new TracingOptions();
        if (!options.Enabled || new TracingOptionsValidation().Validate(null, options).Failed)
        {
            // Disabled; or invalid, and start-up stops on the validation above before anything would be exported.
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SampleRatio)))
                .AddSource(PipelineTracing.SourceName, ServiceTracing.SourceName)
                .AddAspNetCoreInstrumentation(instrumentation => instrumentation.Filter = context => !IsProbe(context.Request.Path))
                .AddOtlpExporter(ExporterName, exporter =>
                {
                    exporter.Endpoint = options.ExportEndpoint;
                    exporter.Protocol = options.OtlpProtocol;
                    exporter.Headers = options.OtlpHeaders;
                    exporter.TimeoutMilliseconds = (int)options.ExportTimeout.TotalMilliseconds;
                }));
        return services;
    }

    /// <summary>Health probes and metric scrapes come every few seconds and say nothing about the work: not traced.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/grpc.health.v1.Health") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
