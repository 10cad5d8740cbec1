using System.Text.RegularExpressions;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.ObjectDetection;

[Collection(DetectorCollection.Name)]
public sealed partial class DetectorConcurrencyTests(DetectorFixture detectors)
{
    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four"];

    [Fact]
    public void TheDetectorsDefaultConcurrency_IsWhatTheReadmeStates()
    {
        var readme = File.ReadAllText(Path.Combine(TestAssets.RepositoryRoot, "README.md"));

        var stated = StatedConcurrency().Match(readme);

        Assert.True(stated.Success, "the README's camera pipeline section states how many inferences run at once per core");
        var perCore = Array.IndexOf(Numbers, stated.Groups["count"].Value);
        Assert.Equal(DetectorOptions.DefaultRunsPerProcessor, perCore);
        Assert.Equal(perCore * Environment.ProcessorCount, detectors.Standard.ConcurrentRunLimit);
        Assert.Equal(perCore * Environment.ProcessorCount, detectors.HighResolution.ConcurrentRunLimit);
    }

    [GeneratedRegex(@"at\s+most\s+(?<count>[a-z]+)\s+inferences?\s+per\s+core")]
    private static partial Regex StatedConcurrency();
}
