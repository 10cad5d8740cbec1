namespace Vision.Service.Admission;

/// <summary>A call's place among the photos in flight; disposing it makes room for the next (exactly once).</summary>
public sealed class AdmissionTicket : IDisposable
{
    private readonly PhotoAdmission _owner;
    private int _released;

    internal AdmissionTicket(PhotoAdmission owner, string method, long pixels, long bytes)
    {
        _owner = owner;
        Method = method;
        Pixels = pixels;
        Bytes = bytes;
        Started = TimeProvider.System.GetTimestamp();
    }

    public string Method { get; }

    public long Pixels { get; }

    /// <summary>The memory the call is priced at: its pixels times its method's bytes per pixel.</summary>
    public long Bytes { get; }

    internal long Started { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _owner.Release(this);
        }
    }
}
