using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates;

/// <summary>
/// The plate-text models of <see cref="PlateReaderModels"/>, loaded once: one session per distinct file, so when both
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

    /// <param name="modelDirectory">Where relative model names are found.</param>
    public static PlateReaderSet Load(PlateReaderModels models, string modelDirectory, InferenceOptions inference)
    {
        ArgumentNullException.ThrowIfNull(models);
        var vietnamesePath = Path.GetFullPath(Path.Combine(modelDirectory, models.Vietnamese));
        var genericPath = Path.GetFullPath(Path.Combine(modelDirectory, models.Generic));
        var vietnamese = new FastPlateOcrReader(vietnamesePath, inference);
        try
        {
            return new PlateReaderSet(vietnamese, genericPath == vietnamesePath ? vietnamese : new FastPlateOcrReader(genericPath, inference));
        }
        catch
        {
            vietnamese.Dispose();
            throw;
        }
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
