namespace Vision.Pipeline.Inference;

/// <summary>Finds the folder that ./setup.sh provisions models into (the one holding models/manifest.json).</summary>
public static class ModelDirectory
{
    public const string ManifestFileName = "manifest.json";

    /// <summary>The full path of a model file named in configuration: as given when absolute, else inside <paramref name="modelDirectory"/>.</summary>
    public static string FileIn(string modelDirectory, string modelPath) =>
        Path.GetFullPath(Path.IsPathRooted(modelPath) ? modelPath : Path.Combine(modelDirectory, modelPath));

    /// <summary>The configured folder if given; otherwise the nearest <c>models/</c> above the working or program directory.</summary>
    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return Directory.Exists(full)
                ? full
                : throw new DirectoryNotFoundException($"Model directory '{full}' (Vision:ModelDirectory) does not exist. Run ./setup.sh.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "models");
                if (File.Exists(Path.Combine(candidate, ManifestFileName)))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            "No models/manifest.json found above the working directory; set Vision:ModelDirectory or run ./setup.sh from the repository.");
    }
}
