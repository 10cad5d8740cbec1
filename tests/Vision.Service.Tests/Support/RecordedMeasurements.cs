using System.Diagnostics.Metrics;

namespace Vision.Service.Tests.Support;

/// <summary>Every counter measurement one meter publishes while this lives, as (instrument, "tag=value,…" sorted by tag).</summary>
public sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, string Tags)> _names = [];

    public RecordedMeasurements(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            var text = string.Join(',', tags.ToArray().OrderBy(tag => tag.Key, StringComparer.Ordinal).Select(tag => $"{tag.Key}={tag.Value}"));
            lock (_names)
            {
                _names.Add((instrument.Name, text));
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<(string Instrument, string Tags)> Names
    {
        get
        {
            lock (_names)
            {
                return [.. _names];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
