namespace Vision.Pipeline.Cameras;

/// <summary>The cameras Vision knows, by id; validated once at start-up.</summary>
public sealed class CameraRegistry
{
    private readonly Dictionary<string, CameraDefinition> _byId;

    public CameraRegistry(IEnumerable<CameraDefinition> cameras)
    {
        All = cameras.ToList();
        _byId = new Dictionary<string, CameraDefinition>(StringComparer.Ordinal);
        foreach (var camera in All)
        {
            if (!_byId.TryAdd(camera.Id, camera))
            {
                throw new ArgumentException($"Camera id '{camera.Id}' appears twice in the camera registry.", nameof(cameras));
            }
        }
    }

    public IReadOnlyList<CameraDefinition> All { get; }

    public CameraDefinition? Find(string id) => _byId.GetValueOrDefault(id);
}
