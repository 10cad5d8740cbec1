using System.Collections.Concurrent;

namespace Vision.Service.Grpc;

/// <summary>
/// At most one gateway stream per camera: a new stream for a camera supersedes the old one, which is usually a
/// connection the gateway already gave up on but the server has not noticed yet.
/// </summary>
public sealed class IngestStreamLeases
{
    private readonly ConcurrentDictionary<string, Lease> _current = new(StringComparer.Ordinal);

    public Lease Acquire(string cameraId)
    {
        var lease = new Lease(this, cameraId);
        var previous = _current.AddOrUpdate(cameraId, lease, (_, old) =>
        {
            old.Supersede();
            return lease;
        });
        return lease;
    }

    public sealed class Lease : IDisposable
    {
        private readonly IngestStreamLeases _owner;
        private readonly string _cameraId;
        private readonly CancellationTokenSource _superseded = new();

        internal Lease(IngestStreamLeases owner, string cameraId)
        {
            _owner = owner;
            _cameraId = cameraId;
        }

        public CancellationToken Superseded => _superseded.Token;

        public bool IsSuperseded => _superseded.IsCancellationRequested;

        internal void Supersede()
        {
            try
            {
                _superseded.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The old stream ended on its own while the new one was taking over: nothing left to stop.
            }
        }

        public void Dispose()
        {
            _owner._current.TryRemove(new KeyValuePair<string, Lease>(_cameraId, this));
            _superseded.Dispose();
        }
    }
}
