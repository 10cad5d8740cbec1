using System.Reflection;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Vision.Architecture.Tests;

/// <summary>
/// The layering ARCHITECTURE.md describes: the domain at the centre needs nothing but the base class library; the
/// store, the command line and the contracts never reach the pipeline (and with it ONNX Runtime and OpenCV). Each rule
/// is checked on the project files (what a build pulls in) and on the compiled code (what the types use).
/// </summary>
public sealed class LayeringTests
{
    private const string Pipeline = "Vision.Pipeline";

    private static readonly Assembly DomainAssembly = typeof(Domain.Violations.ViolationCandidate).Assembly;
    private static readonly Assembly VerificationAssembly = typeof(Evidence.Verification.PackageVerifier).Assembly;
    private static readonly Assembly ContractsAssembly = typeof(Contracts.V1.AnalyzePhotoRequest).Assembly;
    private static readonly Assembly StorageAssembly = typeof(Storage.ViolationRecorder).Assembly;
    private static readonly Assembly CliAssembly = Assembly.Load("vision");
    private static readonly Assembly PipelineAssembly = typeof(Pipeline.Runtime.CameraPipeline).Assembly;

    private static readonly Dictionary<string, Assembly> CompiledAssemblies = new(StringComparer.Ordinal)
    {
        ["Vision.Domain"] = DomainAssembly,
        ["Vision.Evidence.Verification"] = VerificationAssembly,
        ["Vision.Contracts"] = ContractsAssembly,
        ["Vision.Storage"] = StorageAssembly,
        ["Vision.Cli"] = CliAssembly,
    };

    private static readonly ArchUnitNET.Domain.Architecture Code = new ArchLoader()
        .LoadAssemblies([.. CompiledAssemblies.Values, PipelineAssembly])
        .Build();

    private static readonly ProjectGraph Projects = ProjectGraph.Load();

    public static TheoryData<string> ProjectsKeptOffThePipeline => new()
    {
        "Vision.Domain", "Vision.Evidence.Verification", "Vision.Contracts", "Vision.Storage", "Vision.Cli",
    };

    [Theory]
    [MemberData(nameof(ProjectsKeptOffThePipeline))]
    public void ProjectFiles_NeverReferenceThePipeline(string project) =>
        Assert.DoesNotContain(Pipeline, Projects.CompileClosure(project));

    public static TheoryData<string> AllProjects => [.. ProjectGraph.Load().Projects.Order(StringComparer.Ordinal)];

    /// <summary>What two projects share lives in a project both reference (Vision.Domain for plain types), not in a linked copy.</summary>
    [Theory]
    [MemberData(nameof(AllProjects))]
    public void Projects_CompileOnlyTheirOwnSourceFiles(string project) =>
        Assert.Empty(Projects.BorrowedSources(project));

    [Fact]
    public void DomainProject_ReferencesNoProjectPackageOrFramework()
    {
        Assert.Empty(Projects.CompileClosure("Vision.Domain"));
        Assert.Empty(Projects.ExternalReferences("Vision.Domain"));
    }

    [Fact]
    public void DomainAssembly_ReferencesOnlyTheBaseClassLibrary()
    {
        var references = DomainAssembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(
            name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard" or "mscorlib",
            $"Vision.Domain references {name}, which is not part of the base class library."));
    }

    [Theory]
    [MemberData(nameof(ProjectsKeptOffThePipeline))]
    public void Types_NeverUseThePipelineOrItsNativeLibraries(string project) =>
        Types().That().ResideInAssembly(CompiledAssemblies[project])
            .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow(Pipeline))
            .AndShould().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("OpenCvSharp"))
            .AndShould().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("Microsoft.ML.OnnxRuntime"))
            .Check(Code);

    [Fact]
    public void DomainTypes_UseOnlyTheDomainAndTheBaseClassLibrary() =>
        Types().That().ResideInNamespaceOrBelow("Vision.Domain")
            .Should().OnlyDependOn(Types().That().ResideInNamespaceOrBelow("Vision.Domain").Or().ResideInNamespaceOrBelow("System"))
            .Check(Code);
}
