using Vision.Pipeline.Inference;

namespace Vision.Pipeline.Plates;

/// <summary>
/// The plate-text models of <see cref="PlateReaderModels"/>, on the shared sessions of their model files, so when two
/// roles name the same model they share it. Vietnamese plates are read by the small-plate model up to
/// <see cref="PlateReaderModels.SmallPlateMaxHeight"/> pixels (in <see cref="PlateReaderModels.SmallPlateViews"/> views)
/// and by the sharp-plate model above it.
/// </summary>
public sealed class PlateReaderSet : IDisposable
{
    private readonly Dictionary<string, FastPlateOcrReader> _byModel = new(StringComparer.Ordinal);

    private PlateReaderSet(PlateReaderModels models, Func<string, ModelSession> sessionFor)
    {
        try
        {
            var sharp = ReaderOf(models.Vietnamese, sessionFor);
            Vietnamese = models.SmallPlateMaxHeight > 0 && models.VietnameseSmall != models.Vietnamese
                ? new HeightRoutedPlateReader(SmallPlateReader(models, sessionFor), sharp, models.SmallPlateMaxHeight)
                : sharp;
            Generic = ReaderOf(models.Generic, sessionFor);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The reader of plates checked with the Vietnamese grammar.</summary>
    public IPlateReader Vietnamese { get; } = null!;

    /// <summary>The reader of plates checked with the generic grammar (foreign plates).</summary>
    public IPlateReader Generic { get; } = null!;

    /// <param name="sessionFor">The shared session of a model file (name in the model directory, or absolute path).</param>
    public static PlateReaderSet Load(PlateReaderModels models, Func<string, ModelSession> sessionFor)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(sessionFor);
        return new PlateReaderSet(models, sessionFor);
    }

    public void Dispose()
    {
        foreach (var reader in _byModel.Values)
        {
            reader.Dispose();
        }

        _byModel.Clear();
    }

    private IPlateReader SmallPlateReader(PlateReaderModels models, Func<string, ModelSession> sessionFor)
    {
        var reader = ReaderOf(models.VietnameseSmall, sessionFor);
        return models.SmallPlateViews > 1 ? new MultiViewPlateReader(reader, models.SmallPlateViews) : reader;
    }

    private FastPlateOcrReader ReaderOf(string model, Func<string, ModelSession> sessionFor)
    {
        if (!_byModel.TryGetValue(model, out var reader))
        {
            _byModel[model] = reader = new FastPlateOcrReader(sessionFor(model));
        }

        return reader;
    }
}
