using System.ComponentModel.DataAnnotations;

namespace Vision.Pipeline.Rules;

/// <summary>Rule settings of the service (configuration <c>Vision:Rules</c>); each camera's scene holds its own geometry and limits.</summary>
public sealed class RuleOptions
{
    /// <summary>Folder of the scene files and the legal table; when empty, the nearest <c>scenes/</c> above the working or program directory.</summary>
    public string? SceneDirectory { get; set; }

    /// <summary>The legal table file, relative to the scene directory.</summary>
    [Required]
    public string LegalTable { get; set; } = "legal-decree-168.json";

    /// <summary>
    /// A helmet classifier (ONNX) for the no-helmet rule. None is provisioned (no offline helmet model could be
    /// found, see models/MODELS.md), so the rule is unavailable unless one is configured.
    /// </summary>
    public string? HelmetModelPath { get; set; }

    public bool HelmetModelAvailable => HelmetRuleUnavailableReason is null;

    /// <summary>Why the no-helmet rule cannot run (logged at start-up), or null when a helmet model is configured and present.</summary>
    public string? HelmetRuleUnavailableReason =>
        string.IsNullOrWhiteSpace(HelmetModelPath)
            ? "no helmet model is configured (Vision:Rules:HelmetModelPath) and none is provisioned: no helmet classifier could be found offline (models/MODELS.md)"
            : File.Exists(HelmetModelPath)
                ? null
                : $"the configured helmet model '{Path.GetFullPath(HelmetModelPath)}' (Vision:Rules:HelmetModelPath) does not exist";

    /// <summary>The configured scene directory, or the nearest <c>scenes/</c> holding the legal table.</summary>
    public string ResolveSceneDirectory()
    {
        if (!string.IsNullOrWhiteSpace(SceneDirectory))
        {
            return Path.GetFullPath(SceneDirectory);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "scenes");
                if (File.Exists(Path.Combine(candidate, LegalTable)))
                {
                    return candidate;
                }
            }
        }

        return Path.GetFullPath("scenes");
    }
}
