using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vision.Pipeline.Analysis;

namespace Vision.Service.Grpc;

/// <summary>Healthy once the detectors are loaded and warmed up (they are resolved before the host starts).</summary>
public sealed class DetectorHealthCheck(DetectorSet detectors) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"{detectors.Standard.Model} and {detectors.HighResolution.Model} ready"));
}
