using OpenTelemetry.Exporter;

namespace Vision.Service.Tracing;

/// <summary>OpenTelemetry tracing (configuration <c>Vision:Tracing</c>): off unless enabled, then exported over OTLP.</summary>
public sealed class TracingOptions
{
    public const string Section = "Vision:Tracing";

    /// <summary>Off by default: no tracer provider, so every span of the pipeline costs one check and is never created.</summary>
    public bool Enabled { get; set; }

    /// <summary>The collector, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (HTTP; <c>/v1/traces</c> is added when no path is given).</summary>
    public Uri? OtlpEndpoint { get; set; }

    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Extra headers for the collector, <c>name=value</c> pairs separated by commas (an API key, a tenant).</summary>
    public string? OtlpHeaders { get; set; }

    public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of traces kept, in [0, 1]; a trace whose caller already decided (traceparent) follows the caller.</summary>
    public double SampleRatio { get; set; } = 1.0;

    /// <summary>The <c>service.name</c> of the resource, to tell instances apart in the collector.</summary>
    public string ServiceName { get; set; } = "vision";

    /// <summary>The endpoint the exporter posts to: for OTLP over HTTP the traces path is added when none is given.</summary>
    public Uri ExportEndpoint => OtlpProtocol == OtlpExportProtocol.HttpProtobuf && OtlpEndpoint!.AbsolutePath == "/"
        ? new Uri(OtlpEndpoint, "v1/traces")
        : OtlpEndpoint!;
}
