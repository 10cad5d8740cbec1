using OpenCvSharp;

namespace Vision.Pipeline.Tests.Support;

/// <summary>Locates the provisioned models and the shared real samples; fails with a clear message when either is missing.</summary>
public static class TestAssets
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ModelDirectory => Path.Combine(RepositoryRoot, "models");

    /// <summary>../shared/samples beside the checkout, or VISION_SAMPLES.</summary>
    public static string SamplesDirectory =>
        Environment.GetEnvironmentVariable("VISION_SAMPLES") ?? Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "samples"));

    public static string Model(string relativePath)
    {
        var path = Path.Combine(ModelDirectory, relativePath);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Model '{relativePath}' is not provisioned; run ./setup.sh first.", path);
    }

    public static string Sample(string relativePath)
    {
        var path = Path.Combine(SamplesDirectory, relativePath);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Sample '{relativePath}' not found under {SamplesDirectory}; the tests need ../shared/samples (or VISION_SAMPLES).", path);
    }

    public static byte[] SampleBytes(string relativePath) => File.ReadAllBytes(Sample(relativePath));

    public static Mat SampleImage(string relativePath)
    {
        var image = Cv2.ImRead(Sample(relativePath), ImreadModes.Color);
        return image.Empty() ? throw new InvalidDataException($"Sample '{relativePath}' could not be decoded.") : image;
    }

    /// <summary>Every <paramref name="step"/>th frame of a sample clip, from its first, until <paramref name="count"/> (the caller disposes them).</summary>
    public static List<Mat> ClipFrames(string relativePath, int count, int step)
    {
        using var capture = new VideoCapture(Sample(relativePath));
        var frames = new List<Mat>();
        using var frame = new Mat();
        for (var index = 0; frames.Count < count && capture.Read(frame); index++)
        {
            if (index % step == 0)
            {
                frames.Add(frame.Clone());
            }
        }

        return frames;
    }

    private static string FindRepositoryRoot()
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
