using Vision.Domain.Geometry;

namespace Vision.Pipeline.Tests.Geometry;

public sealed class BoundingBoxTests
{
    private static readonly BoundingBox Car = new(100, 50, 300, 250);

    [Theory]
    [InlineData(180, 200, 220, 215, true)]  // a plate low in the car's box
    [InlineData(270, 240, 330, 260, true)]  // half outside, centre on the corner (edges count)
    [InlineData(290, 240, 350, 260, false)] // centre just beyond the right edge
    [InlineData(150, 10, 170, 40, false)]   // above the box
    public void HoldsCentreOfAsksOnlyWhereTheOthersCentreLies(float left, float top, float right, float bottom, bool expected) =>
        Assert.Equal(expected, Car.HoldsCentreOf(new BoundingBox(left, top, right, bottom)));

    [Fact]
    public void OverlapOfSmallerIsTheShareOfTheSmallerBoxCovered()
    {
        var plate = new BoundingBox(280, 200, 320, 220); // half of it inside the car
        Assert.Equal(0.5f, Car.OverlapOfSmaller(plate), 5);
        Assert.Equal(0.5f, plate.OverlapOfSmaller(Car), 5);
        Assert.Equal(1f, Car.OverlapOfSmaller(new BoundingBox(120, 60, 140, 80)), 5);
        Assert.Equal(0f, Car.OverlapOfSmaller(new BoundingBox(400, 60, 420, 80)));
    }

    [Fact]
    public void OverlapOfSmallerIsZeroForABoxWithoutArea() =>
        Assert.Equal(0f, Car.OverlapOfSmaller(new BoundingBox(150, 100, 150, 120)));
}
