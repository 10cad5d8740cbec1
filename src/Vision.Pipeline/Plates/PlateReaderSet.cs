using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates;

/// <summary>
/// The plate-text models of <see cref="PlateReaderModels"/>, on the shared sessions of their model files, so when both
/// grammars name the same model they share it.
/// </summary>
public sealed class PlateReaderSet : IDisposable
{
    private PlateReaderSet(FastPlateOcrReader vietnamese, FastPlateOcrReader generic)
    {
        Vietnamese = vietnamese;
        Generic = generic;
    }

    public FastPlateOcrReader Vietnamese { get; }

    public FastPlateOcrReader Generic { get; }

    /// <param name="sessionFor">The shared session of a model file (name in the model directory, or absolute path).</param>
    public static PlateReaderSet Load(PlateReaderModels models, Func<string, ModelSession> sessionFor)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(sessionFor);
        var vietnamese = new FastPlateOcrReader(sessionFor(models.Vietnamese));
        var generic = models.Generic == models.Vietnamese ? vietnamese : new FastPlateOcrReader(sessionFor(models.Generic));
        return new PlateReaderSet(vietnamese, generic);
    }

    public void Dispose()
    {
        Vietnamese.Dispose();
        if (!ReferenceEquals(Generic, Vietnamese))
        {
            Generic.Dispose();
        }
    }
}
