using System.Xml.Linq;

namespace Vision.Architecture.Tests;

/// <summary>
/// The projects under src/ as their project files declare them: which projects each one compiles against
/// (directly or through another), and the packages and frameworks it names.
/// </summary>
public sealed class ProjectGraph
{
    private readonly Dictionary<string, XDocument> _projects;

    private ProjectGraph(Dictionary<string, XDocument> projects) => _projects = projects;

    public static ProjectGraph Load()
    {
        var source = Path.Combine(RepositoryRoot(), "src");
        return new ProjectGraph(Directory.EnumerateFiles(source, "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetFileNameWithoutExtension(path), path => XDocument.Load(path), StringComparer.Ordinal));
    }

    public IEnumerable<string> Projects => _projects.Keys;

    /// <summary>Every project <paramref name="project"/> compiles against, through any chain of references.</summary>
    public IReadOnlySet<string> CompileClosure(string project)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            foreach (var reference in CompileReferences(current))
            {
                if (reached.Add(reference))
                {
                    pending.Push(reference);
                }
            }
        }

        return reached;
    }

    /// <summary>Package and framework references, e.g. <c>Package:Npgsql</c>, <c>Framework:Microsoft.AspNetCore.App</c>.</summary>
    public IReadOnlyList<string> ExternalReferences(string project) =>
        Elements(project, "PackageReference").Select(e => $"Package:{e.Attribute("Include")?.Value}")
            .Concat(Elements(project, "FrameworkReference").Select(e => $"Framework:{e.Attribute("Include")?.Value}"))
            .ToList();

    /// <summary>Source files <paramref name="project"/> compiles from outside its own folder (another project's code, linked in).</summary>
    public IReadOnlyList<string> BorrowedSources(string project) =>
        Elements(project, "Compile")
            .Select(e => e.Attribute("Include")?.Value.Replace('\\', '/') ?? "")
            .Where(include => include.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(include))
            .ToList();

    /// <summary>Direct project references whose assembly the project compiles against (a build-order-only reference is not one).</summary>
    private IEnumerable<string> CompileReferences(string project) =>
        Elements(project, "ProjectReference")
            .Where(e => !string.Equals(e.Attribute("ReferenceOutputAssembly")?.Value, "false", StringComparison.OrdinalIgnoreCase))
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')));

    private IEnumerable<XElement> Elements(string project, string name) =>
        _projects.TryGetValue(project, out var document)
            ? document.Descendants(name)
            : throw new ArgumentException($"No project {project} under src/.", nameof(project));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vision.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Vision.slnx not found above the test binaries.");
    }
}
