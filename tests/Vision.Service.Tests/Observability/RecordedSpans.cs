using System.Collections;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Vision.Pipeline.Tracing;
using Vision.Service.Tracing;
using SpanAttributes = Vision.Pipeline.Tracing.SpanAttributes;

namespace Vision.Service.Tests.Observability;

/// <summary>
/// A test's own tracer provider with the OpenTelemetry in-memory exporter, listening in this process to the same
/// sources the service writes to. Only traces the test begins itself are kept (its own root span, or the frames of its
/// own camera), so the services of tests running beside it add nothing.
/// </summary>
internal sealed class RecordedSpans : ICollection<Activity>, IDisposable
{
    public static readonly ActivitySource TestSource = new("Vision.Service.Tests");

    private readonly List<Activity> _spans = [];
    private readonly TracerProvider _provider;

    public RecordedSpans(Func<SamplingParameters, bool> keepRoot)
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .SetSampler(new ParentBasedSampler(new RootSampler(keepRoot)))
            .AddSource(TestSource.Name, PipelineTracing.SourceName, ServiceTracing.SourceName)
            .AddAspNetCoreInstrumentation()
            .AddInMemoryExporter(this)
            .Build()!;
    }

    /// <summary>Keeps the traces a test starts under a root span of its own named <paramref name="rootName"/>.</summary>
    public static RecordedSpans OfTestRoot(string rootName) => new(root => root.Name == rootName);

    /// <summary>Keeps the traces of the frames of one camera.</summary>
    public static RecordedSpans OfCamera(string cameraId) => new(root => root.Name == SpanNames.Frame
        && root.Tags?.Any(tag => tag.Key == SpanAttributes.CameraId && Equals(tag.Value, cameraId)) == true);

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. Snapshot().Where(span => span.TraceId == traceId).OrderBy(span => span.StartTimeUtc)];

    public IReadOnlyList<Activity> ChildrenOf(Activity parent) =>
        [.. Snapshot().Where(span => span.ParentSpanId == parent.SpanId && span.TraceId == parent.TraceId).OrderBy(span => span.StartTimeUtc)];

    /// <summary>Waits (polling, up to a minute) until the exported spans satisfy <paramref name="condition"/>; spans are exported as they end.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<Activity>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!condition(Snapshot()))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public int Count => Snapshot().Count;

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _provider.Dispose();

    private sealed class RootSampler(Func<SamplingParameters, bool> keep) : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(keep(samplingParameters) ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }
}
