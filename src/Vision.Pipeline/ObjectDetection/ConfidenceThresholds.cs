namespace Vision.Pipeline.ObjectDetection;

/// <summary>The minimum score a detection needs, per class, with one default for the classes not named.</summary>
public sealed class ConfidenceThresholds
{
    private readonly float[] _byClassId;

    public ConfidenceThresholds(ObjectClasses classes, float defaultThreshold, IReadOnlyDictionary<string, float>? perClass = null)
    {
        ValidateThreshold(defaultThreshold, "default");
        _byClassId = Enumerable.Repeat(defaultThreshold, classes.Count).ToArray();
        foreach (var (name, threshold) in perClass ?? new Dictionary<string, float>())
        {
            if (!classes.TryGetId(name, out var classId))
            {
                throw new ArgumentException($"Confidence threshold given for unknown class '{name}'.", nameof(perClass));
            }

            ValidateThreshold(threshold, name);
            _byClassId[classId] = threshold;
        }

        Minimum = _byClassId.Min();
    }

    /// <summary>The lowest threshold of any class: a candidate below it can be discarded before looking at its class.</summary>
    public float Minimum { get; }

    public float For(int classId) => _byClassId[classId];

    /// <summary>
    /// Refuses a model that scores another number of classes than are named: its higher class ids have no threshold
    /// and no name (a 30-class model with fewer names failed on the first frame one of them won; a one-class plate
    /// detector with no names called its plates "person"). Checked by every decoder, so the warm-up stops the start.
    /// </summary>
    public void RequireClassCount(int modelClasses)
    {
        if (modelClasses != _byClassId.Length)
        {
            throw new InvalidOperationException(
                $"The model scores {modelClasses} classes, but {_byClassId.Length} class names are configured (DetectorOptions.ClassNames; none configured: the 80 COCO names). Name each of the model's classes, in its order.");
        }
    }

    private static void ValidateThreshold(float threshold, string name)
    {
        if (threshold is <= 0 or > 1 || float.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"Confidence threshold for '{name}' must be in (0, 1].");
        }
    }
}
