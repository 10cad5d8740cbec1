namespace Vision.Pipeline.Inference;

/// <summary>
/// The run slots all models share: an inference holds one while ONNX Runtime runs it, so detectors, plate readers and
/// face detection together never run more at once than the machine was sized for.
/// </summary>
public sealed class InferenceBudget : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public InferenceBudget(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = slots;
        _slots = new SemaphoreSlim(slots, slots);
    }

    /// <summary>The budget of models loaded outside the service's registry (tools and tests): the default slots.</summary>
    public static InferenceBudget ProcessDefault { get; } = new(new InferenceSettings().RunSlots);

    public int Slots { get; }

    /// <summary>Runs in progress now.</summary>
    public int Busy => Slots - _slots.CurrentCount;

    public void Enter() => _slots.Wait();

    public Task EnterAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

    public void Leave() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
