using OpenCvSharp;
using Vision.Domain.Plates;
using Vision.Pipeline.Plates;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Plates;

public class PlateColourClassifierTests
{
    [Theory]
    [InlineData(94, 457, 152, 486, PlateColour.White)]
    [InlineData(653, 414, 705, 442, PlateColour.Yellow)]
    public void Classifies_the_vn_cars_4_plates(int left, int top, int right, int bottom, PlateColour expected)
    {
        using var image = TestAssets.SampleImage("images/vn_cars_4.jpg");
        using var crop = new Mat(image, Rect.FromLTRB(left, top, right, bottom));

        Assert.Equal(expected, PlateColourClassifier.Classify(crop));
    }

    [Theory]
    [InlineData(180, 120, 20, PlateColour.Blue)]
    [InlineData(0, 0, 200, PlateColour.Red)]
    [InlineData(40, 40, 40, PlateColour.Unknown)]
    public void Blue_and_red_plates_win_over_their_white_characters(byte blue, byte green, byte red, PlateColour expected)
    {
        using var plate = new Mat(60, 200, MatType.CV_8UC3, new Scalar(blue, green, red));
        Cv2.PutText(plate, "75A-18283", new Point(5, 42), HersheyFonts.HersheySimplex, 1.1, Scalar.White, 3);

        Assert.Equal(expected, PlateColourClassifier.Classify(plate));
    }
}
