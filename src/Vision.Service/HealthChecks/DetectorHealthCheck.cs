using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenCvSharp;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Service.HealthChecks;

/// <summary>
/// Healthy when every detector answers a real inference (a small grey image through the model) within the probe
/// timeout. The answer is kept for <see cref="HealthOptions.DetectorProbeInterval"/>, and probes that arrive while one
/// runs share it, so frequent load-balancer probes cost no inference of their own.
/// </summary>
public sealed class DetectorHealthCheck : IHealthCheck
{
    private const int ProbeSide = 64;

    private readonly IReadOnlyList<(string Role, ObjectDetector Detector)> _detectors;
    private readonly HealthOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (Task<HealthCheckResult> Probe, DateTimeOffset StartedAt)? _latest;

    public DetectorHealthCheck(IReadOnlyList<(string Role, ObjectDetector Detector)> detectors, HealthOptions options, TimeProvider time)
    {
        _detectors = detectors;
        _options = options;
        _time = time;
    }

    /// <summary>Real inferences run so far (one per detector per probe).</summary>
    public int InferencesRun { get; private set; }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> probe;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_latest is not { } latest || (latest.Probe.IsCompleted && now - latest.StartedAt >= _options.DetectorProbeInterval))
            {
                _latest = latest = (ProbeAsync(now), now);
            }

            probe = latest.Probe;
        }

        return probe.WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> ProbeAsync(DateTimeOffset startedAt)
    {
        var data = new Dictionary<string, object> { ["probed_at"] = startedAt.ToString("O") };
        foreach (var (role, detector) in _detectors)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                var found = await Task.Run(() => Infer(detector)).WaitAsync(_options.DetectorProbeTimeout, _time);
                data[$"{role}_model"] = detector.Model.Name;
                data[$"{role}_inference_ms"] = Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds, 1);
                data[$"{role}_detections"] = found;
            }
            catch (TimeoutException)
            {
                return HealthCheckResult.Unhealthy(
                    $"The {role} detector ({detector.Model.Name}) did not answer an inference within {_options.DetectorProbeTimeout.TotalSeconds:0.#} s.", data: data);
            }
#pragma warning disable CA1031 // Whatever the model throws, the answer is "unhealthy", with the reason.
            catch (Exception error)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy($"The {role} detector ({detector.Model.Name}) failed an inference: {error.Message}", error, data);
            }
        }

        return HealthCheckResult.Healthy($"{string.Join(", ", _detectors.Select(d => d.Detector.Model.Name).Distinct())} answered an inference.", data);
    }

    private int Infer(ObjectDetector detector)
    {
        using var grey = new Mat(ProbeSide, ProbeSide, MatType.CV_8UC3, new Scalar(114, 114, 114));
        var result = detector.Detect(grey);
        lock (_gate)
        {
            InferencesRun++;
        }

        return result.Detections.Count;
    }
}
