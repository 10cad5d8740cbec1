using ArchUnitNET.Loader;

namespace Vision.Architecture.Tests;

/// <summary>
/// The pipeline's folders (Cameras, Runtime, Rules, Scenes, ...; a folder's subfolders count as the folder) depend on
/// each other in one direction only, so each can be read, tested and changed knowing only the folders below it.
/// </summary>
public sealed class PipelineFolderTests
{
    private const string Root = "Vision.Pipeline.";

    private static readonly ArchUnitNET.Domain.Architecture Pipeline = new ArchLoader()
        .LoadAssemblies(typeof(Pipeline.Runtime.CameraPipeline).Assembly)
        .Build();

    [Fact]
    public void Folders_HaveNoDependencyCycles()
    {
        var graph = FolderGraph();
        Assert.True(graph.Count >= 15, $"Only {graph.Count} folders found under {Root}: the rule would check nothing.");

        var cycles = FolderCycles.Find(graph.ToDictionary(f => f.Key, f => (IReadOnlyCollection<string>)f.Value.Keys));
        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles.Select(cycle => Describe(cycle, graph))));
    }

    /// <summary>For each folder, the folders its types use, each with one type dependency that shows it.</summary>
    private static Dictionary<string, Dictionary<string, string>> FolderGraph()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in Pipeline.Types)
        {
            if (FolderOf(type.Namespace?.FullName) is not { } folder)
            {
                continue;
            }

            var uses = graph.TryGetValue(folder, out var known) ? known : graph[folder] = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var dependency in type.Dependencies)
            {
                if (FolderOf(dependency.Target?.Namespace?.FullName) is { } target && target != folder)
                {
                    uses.TryAdd(target, $"{type.FullName} uses {dependency.Target!.FullName}");
                }
            }
        }

        return graph;
    }

    private static string? FolderOf(string? ns) =>
        ns is not null && ns.StartsWith(Root, StringComparison.Ordinal) ? ns[Root.Length..].Split('.')[0] : null;

    private static string Describe(IReadOnlyList<string> cycle, Dictionary<string, Dictionary<string, string>> graph) =>
        "Folder cycle " + string.Join(" -> ", cycle.Append(cycle[0])) + ":" + string.Concat(
            cycle.Select((folder, i) => $"{Environment.NewLine}  {graph[folder][cycle[(i + 1) % cycle.Count]]}"));
}
