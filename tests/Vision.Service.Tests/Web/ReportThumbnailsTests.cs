using OpenCvSharp;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Web.ReportDesk;

namespace Vision.Service.Tests.Web;

/// <summary>The report desk's thumbnails: one per report id, the first photo's, like the duplicate index.</summary>
public sealed class ReportThumbnailsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-thumbnails-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void ALaterUploadUnderTheSameReportId_KeepsTheFirstPhotosThumbnail()
    {
        var thumbnails = new ReportThumbnails(_folder);
        var portrait = File.ReadAllBytes(TestAssets.Sample("images/bus.jpg"));
        var landscape = File.ReadAllBytes(TestAssets.Sample("images/horses_darknet.jpg"));

        thumbnails.Save("hue-s-2001", portrait);
        thumbnails.Save("hue-s-2001", landscape);
        thumbnails.Save("hue-s-2002", landscape);

        Assert.Equal((180, 240), SizeOf(thumbnails.PathOf("hue-s-2001")!));
        Assert.Equal(240, SizeOf(thumbnails.PathOf("hue-s-2002")!).Width);
        Assert.Equal(["hue-s-2001.jpg", "hue-s-2002.jpg"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static (int Width, int Height) SizeOf(string path)
    {
        using var image = Cv2.ImRead(path);
        return (image.Width, image.Height);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
