using System.Diagnostics;

namespace Vision.Service.Tracing;

/// <summary>The service's own spans (photo admission); the pipeline's stages have theirs in <see cref="Pipeline.Tracing.PipelineTracing"/>.</summary>
public static class ServiceTracing
{
    public const string SourceName = "Vision.Service";

    internal static readonly ActivitySource Source = new(SourceName, typeof(ServiceTracing).Assembly.GetName().Version?.ToString());
}
