using System.Text.Json;
using System.Text.Json.Serialization;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Scenes;

/// <summary>Reads a scene file (strict JSON: unknown properties are errors) and validates it.</summary>
public sealed class SceneLoader(ObjectClasses classes, bool helmetModelAvailable)
{
    private static readonly JsonSerializerOptions FileJson = CreateFileJson();

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public SceneLoadResult Load(string path)
    {
        if (!File.Exists(path))
        {
            return new SceneLoadResult(null, [new SceneProblem(path, "(file)", "the scene file does not exist")]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <param name="file">Names the source in problems.</param>
    public SceneLoadResult Parse(string json, string file)
    {
        SceneDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<SceneDocument>(json, FileJson);
        }
        catch (JsonException error)
        {
            return new SceneLoadResult(null, [new SceneProblem(file, error.Path ?? "(document)", $"not a valid scene document: {error.Message}")]);
        }

        if (document is null)
        {
            return new SceneLoadResult(null, [new SceneProblem(file, "(document)", "the file holds null")]);
        }

        // Nullable annotations do not reach list elements: "Zones": [null] would get through.
        using (var parsed = JsonDocument.Parse(json, DocumentOptions))
        {
            if (NullInList(parsed.RootElement, "$") is { } path)
            {
                return new SceneLoadResult(null, [new SceneProblem(file, path, "null where a value is needed")]);
            }
        }

        var problems = new SceneValidator(classes, helmetModelAvailable).Validate(document, file);
        return problems.Count == 0 ? new SceneLoadResult(new Scene(document), []) : new SceneLoadResult(null, problems);
    }

    private static JsonSerializerOptions CreateFileJson()
    {
        var options = new JsonSerializerOptions(Scene.CanonicalJson)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            // "Zones": null is refused like a typo, with its path, instead of failing the checks that follow.
            RespectNullableAnnotations = true,
        };
        // Names only: "Kind": 7 was taken as whatever the seventh member is (or none), and "Enabled": [42] loaded.
        options.Converters.Insert(0, new JsonStringEnumConverter(allowIntegerValues: false));
        return options;
    }

    /// <summary>The path of the first null element of an array, or null when there is none.</summary>
    private static string? NullInList(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (NullInList(property.Value, path + "." + property.Name) is { } found)
                    {
                        return found;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var itemPath = $"{path}[{index++}]";
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        return itemPath;
                    }

                    if (NullInList(item, itemPath) is { } found)
                    {
                        return found;
                    }
                }

                break;
        }

        return null;
    }
}
