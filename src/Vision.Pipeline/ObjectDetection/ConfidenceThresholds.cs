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

    private static void ValidateThreshold(float threshold, string name)
    {
        if (threshold is <= 0 or > 1 || float.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"Confidence threshold for '{name}' must be in (0, 1].");
        }
    }
}
