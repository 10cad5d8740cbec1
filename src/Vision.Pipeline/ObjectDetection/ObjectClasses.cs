namespace Vision.Pipeline.ObjectDetection;

/// <summary>The class names of a detection model, indexed by the class id the model outputs.</summary>
public sealed class ObjectClasses
{
    private readonly string[] _names;
    private readonly Dictionary<string, int> _idsByName;

    /// <param name="names">The model's class names; kept in lower case, the spelling every rule, scene and report compares
    /// with ("Motorcycle" from a model's own list was no two-wheeler: no rider was joined and a "Bicycle" was read for a plate).</param>
    public ObjectClasses(IEnumerable<string> names)
    {
        _names = [.. names.Select(name => name.ToLowerInvariant())];
        if (_names.Length == 0)
        {
            throw new ArgumentException("A detection model needs at least one class name.", nameof(names));
        }

        _idsByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var id = 0; id < _names.Length; id++)
        {
            if (!_idsByName.TryAdd(_names[id], id))
            {
                throw new ArgumentException($"Class name '{_names[id]}' appears twice.", nameof(names));
            }
        }
    }

    public static ObjectClasses Coco { get; } = new(CocoClassNames.All);

    public int Count => _names.Length;

    public string NameOf(int classId) => _names[classId];

    public bool TryGetId(string name, out int classId) => _idsByName.TryGetValue(name, out classId);

    public IReadOnlyList<string> Names => _names;
}
