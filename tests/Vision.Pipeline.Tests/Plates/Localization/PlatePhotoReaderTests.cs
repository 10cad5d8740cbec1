using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Pipeline.Tests.Plates.Localization;

[Collection(PlateLocalizationCollection.Name)]
public sealed class PlatePhotoReaderTests(PlateLocalizationFixture models, ITestOutputHelper output)
{
    [Theory]
    [InlineData("images/vn_cars_4.jpg", new[] { "30G-705.16", "30F-217.17" })]
    [InlineData("images/vn_car_3.jpg", new[] { "30A-339.18" })]
    [InlineData("images/vn_motorbikes_parked_101.jpg", new[] { "29-B1 256.62", "30-L9 0860" })]
    public void ReadsVietnamesePlates_EndToEnd(string sample, string[] expected)
    {
        var reader = models.PhotoReader();
        using var photo = TestAssets.SampleImage(sample);

        var reads = reader.Read(photo);

        foreach (var read in reads)
        {
            output.WriteLine($"{read.Text} {read.Confidence:F2} {read.Layout} at {read.Box}");
        }

        var valid = reads.Where(read => read.IsValid).Select(read => read.Formatted).ToList();
        Assert.All(expected, text => Assert.Contains(text, valid));
        Assert.All(reads, read => Assert.Contains(models.Reader.Model, read.Models));
    }
}
