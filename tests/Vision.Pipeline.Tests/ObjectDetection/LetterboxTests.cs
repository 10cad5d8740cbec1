using OpenCvSharp;
using Vision.Domain.Geometry;
using Vision.Pipeline.ObjectDetection;

namespace Vision.Pipeline.Tests.ObjectDetection;

public sealed class LetterboxTests
{
    [Fact]
    public void Fit_AtTopLeft_ScalesTheLongerSideToTheCanvas()
    {
        var transform = LetterboxTransform.Fit(800, 400, 416, 416, LetterboxPlacement.TopLeft);

        Assert.Equal(0.52f, transform.Scale);
        Assert.Equal((0, 0, 416, 208), (transform.OffsetX, transform.OffsetY, transform.ResizedWidth, transform.ResizedHeight));
    }

    [Fact]
    public void ToSource_UndoesACentredLetterbox()
    {
        var transform = LetterboxTransform.Fit(400, 800, 640, 640, LetterboxPlacement.Center);

        var source = transform.ToSource(new BoundingBox(160 + 40, 80, 160 + 80, 160));

        Assert.Equal(new BoundingBox(50, 100, 100, 200), source);
    }

    [Fact]
    public void ToSource_ClipsBoxesToTheImage()
    {
        var transform = LetterboxTransform.Fit(100, 100, 100, 100, LetterboxPlacement.TopLeft);

        Assert.Equal(new BoundingBox(0, 0, 100, 50), transform.ToSource(new BoundingBox(-20, -5, 130, 50)));
    }

    [Fact]
    public void Write_PadsWithThePadValueAndSwapsChannels()
    {
        var spec = PreprocessingSpec.DefaultFor(ModelFormat.YoloV5); // RGB, /255, centred, pad 114
        using var image = new Mat(2, 4, MatType.CV_8UC3, new Scalar(255, 0, 51)); // B=255, G=0, R=51
        var transform = LetterboxTransform.Fit(4, 2, 4, 4, spec.Placement);
        var tensor = new float[3 * 16];

        new InputTensorWriter(spec).Write(image, transform, tensor);

        Assert.Equal(1, transform.OffsetY);
        Assert.Equal(114 / 255f, tensor[0], 5); // top pad row, R plane
        Assert.Equal(51 / 255f, tensor[4], 5); // first image row, R plane
        Assert.Equal(0f, tensor[16 + 4], 5); // G plane
        Assert.Equal(1f, tensor[32 + 4], 5); // B plane
    }
}
