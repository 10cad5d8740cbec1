using System.Text.Json;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Scenes;

/// <summary>Reads a scene file (strict JSON: unknown properties are errors) and validates it.</summary>
public sealed class SceneLoader(ObjectClasses classes, bool helmetModelAvailable)
{
    private static readonly JsonSerializerOptions FileJson = new(Scene.CanonicalJson)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

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

        var problems = new SceneValidator(classes, helmetModelAvailable).Validate(document, file);
        return problems.Count == 0 ? new SceneLoadResult(new Scene(document), []) : new SceneLoadResult(null, problems);
    }
}
