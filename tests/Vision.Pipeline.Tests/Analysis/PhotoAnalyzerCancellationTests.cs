using Vision.Pipeline.Analysis;
using Vision.Pipeline.Imaging;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Triage;
using Vision.Pipeline.Triage;

namespace Vision.Pipeline.Tests.Analysis;

/// <summary>A photo whose call was given up before a worker took it is not looked at: no decoding, no verdict.</summary>
[Collection(TriageCollection.Name)]
public sealed class PhotoAnalyzerCancellationTests(TriageFixture models)
{
    // Not an image: read, it would be answered with a rejection rather than the cancellation.
    private static readonly byte[] NotAnImage = "not a photo at all"u8.ToArray();

    [Fact]
    public void AnAnalysisGivenUpBeforeItStarts_IsNotDecoded()
    {
        var analyzer = new PhotoAnalyzer(new SafeImageDecoder(new ImageLimits()), models.Detectors);

        Assert.Throws<OperationCanceledException>(() => analyzer.Analyze(NotAnImage, DetectionProfile.Standard, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task ATriageGivenUpBeforeItStarts_IsNotRead()
    {
        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            models.CreateTriage().TriageAsync(NotAnImage, new ReportMetadata("illegal_parking"), new CancellationToken(canceled: true)));
    }
}
