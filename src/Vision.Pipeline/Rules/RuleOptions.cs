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
    /// A helmet classifier (ONNX) for a no-helmet rule. None is provisioned (no offline helmet model could be found, see
    /// models/MODELS.md), and without one to build and test it against this version has no no-helmet rule: a path set
    /// here is refused with that reason rather than taken as making the rule run.
    /// </summary>
    public string? HelmetModelPath { get; set; }

    public bool HelmetModelAvailable => HelmetRuleUnavailableReason is null;

    /// <summary>Why the no-helmet rule cannot run (logged at start-up, and named when a scene enables it); never null in this version.</summary>
    public string? HelmetRuleUnavailableReason =>
        string.IsNullOrWhiteSpace(HelmetModelPath)
            ? "no helmet model is configured (Vision:Rules:HelmetModelPath) and none is provisioned: no helmet classifier could be found offline (models/MODELS.md)"
            : $"a helmet model is configured ('{HelmetModelPath}', Vision:Rules:HelmetModelPath), but this version has no no-helmet rule to run it: " +
              "none could be built and tested without a helmet classifier (models/MODELS.md)";

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
