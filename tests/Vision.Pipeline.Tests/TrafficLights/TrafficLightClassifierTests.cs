using OpenCvSharp;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.TrafficLights;

namespace Vision.Pipeline.Tests.TrafficLights;

[Collection(DetectorCollection.Name)]
public sealed class TrafficLightClassifierTests(DetectorFixture detectors)
{
    // The three lights of openlenda_sample.jpg (1280×835), measured on the detector's boxes.
    public static TheoryData<int, int, int, int, TrafficLightState> OpenLendaLights => new()
    {
        { 522, 80, 43, 95, TrafficLightState.Red },
        { 589, 104, 50, 74, TrafficLightState.Green },
        { 41, 185, 49, 84, TrafficLightState.Red },
    };

    [Theory]
    [MemberData(nameof(OpenLendaLights))]
    public void RealNightPhoto_LightsReadTheirColour_FromTheMeasuredRegionAndTheDetectedBox(int x, int y, int width, int height, TrafficLightState expected)
    {
        using var photo = TestAssets.SampleImage("images/openlenda_sample.jpg");
        var measured = new Rect(x, y, width, height);
        var detected = detectors.HighResolution.Detect(photo).Detections
            .Where(d => detectors.HighResolution.Classes.NameOf(d.ClassId) == "traffic light")
            .Select(d => new Rect((int)d.Box.Left, (int)d.Box.Top, (int)d.Box.Width, (int)d.Box.Height))
            .MaxBy(r => (double)(r & measured).Width * (r & measured).Height / ((double)r.Width * r.Height + (double)width * height));

        var fromRegion = TrafficLightClassifier.Classify(photo, measured, LampLayout.Vertical);
        var fromDetection = TrafficLightClassifier.Classify(photo, detected, LampLayout.Vertical);

        Assert.Equal(expected, fromRegion.State);
        Assert.False(fromRegion.FromLampPosition);
        Assert.Equal(expected, fromDetection.State);
    }

    [Theory]
    [InlineData(0, 0, 0, 255, LampLayout.Vertical, TrafficLightState.Red)]
    [InlineData(1, 0, 190, 255, LampLayout.Vertical, TrafficLightState.Yellow)]
    [InlineData(2, 80, 255, 60, LampLayout.Vertical, TrafficLightState.Green)]
    [InlineData(2, 80, 255, 60, LampLayout.Horizontal, TrafficLightState.Green)]
    [InlineData(0, 0, 0, 255, LampLayout.Horizontal, TrafficLightState.Red)]
    public void SyntheticLamp_ReadsItsColour(int lamp, int blue, int green, int red, LampLayout layout, TrafficLightState expected)
    {
        using var image = SyntheticLight(lamp, new Scalar(blue, green, red), layout);

        var reading = TrafficLightClassifier.Classify(image, new Rect(0, 0, image.Width, image.Height), layout);

        Assert.Equal(expected, reading.State);
        Assert.False(reading.FromLampPosition);
    }

    [Theory]
    [InlineData(0, TrafficLightState.Red)]
    [InlineData(1, TrafficLightState.Yellow)]
    [InlineData(2, TrafficLightState.Green)]
    public void WashedOutWhiteLamp_IsReadByItsPosition(int lamp, TrafficLightState expected)
    {
        using var image = SyntheticLight(lamp, new Scalar(235, 240, 245), LampLayout.Vertical);

        var reading = TrafficLightClassifier.Classify(image, new Rect(0, 0, image.Width, image.Height), LampLayout.Vertical);

        Assert.Equal(new LightReading(expected, 0, 0, 0, FromLampPosition: true), reading);
    }

    [Fact]
    public void DarkHousing_OrRegionOutsideTheImage_IsUnknown()
    {
        using var image = SyntheticLight(-1, default, LampLayout.Vertical);

        Assert.Equal(TrafficLightState.Unknown, TrafficLightClassifier.Classify(image, new Rect(0, 0, image.Width, image.Height), LampLayout.Vertical).State);
        Assert.Equal(TrafficLightState.Unknown, TrafficLightClassifier.Classify(image, new Rect(500, 500, 20, 20), LampLayout.Vertical).State);
    }

    /// <summary>A dark grey housing (30×90, or 90×30) with three dim lamps, one of them lit in <paramref name="colour"/> (none when -1).</summary>
    internal static Mat SyntheticLight(int litLamp, Scalar colour, LampLayout layout)
    {
        var vertical = layout == LampLayout.Vertical;
        var image = new Mat(vertical ? 90 : 30, vertical ? 30 : 90, MatType.CV_8UC3, new Scalar(35, 35, 35));
        for (var lamp = 0; lamp < 3; lamp++)
        {
            var centre = vertical ? new Point(15, 15 + 30 * lamp) : new Point(15 + 30 * lamp, 15);
            Cv2.Circle(image, centre, 11, lamp == litLamp ? colour : new Scalar(60, 60, 60), -1, LineTypes.AntiAlias);
        }

        return image;
    }
}
