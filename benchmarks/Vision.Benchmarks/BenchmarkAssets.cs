using OpenCvSharp;

namespace Vision.Benchmarks;

/// <summary>Finds the provisioned models and the shared samples from wherever BenchmarkDotNet runs the binary.</summary>
public static class BenchmarkAssets
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ModelDirectory => Path.Combine(RepositoryRoot, "models");

    public static string SamplesDirectory =>
        Environment.GetEnvironmentVariable("VISION_SAMPLES") ?? Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "samples"));

    public static Mat SampleImage(string relativePath)
    {
        var path = Path.Combine(SamplesDirectory, relativePath);
        var image = Cv2.ImRead(path, ImreadModes.Color);
        return image.Empty() ? throw new FileNotFoundException($"Sample '{path}' missing; the benchmarks need ../shared/samples.", path) : image;
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Vision.slnx")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Vision.slnx not found above the benchmark binary or the working directory.");
    }
}
