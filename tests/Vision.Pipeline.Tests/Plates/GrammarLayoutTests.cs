using Vision.Domain.Plates;
using Vision.Pipeline.Plates;

namespace Vision.Pipeline.Tests.Plates;

public sealed class GrammarLayoutTests
{
    [Theory]
    [InlineData("motorcycle", PlateLayout.TwoLine, PlateLayout.TwoLine)]
    [InlineData("motorbike", PlateLayout.TwoLine, PlateLayout.TwoLine)] // Pascal VOC's name: a car's layout made 30-L9 0860 the car plate 30L-908.60
    [InlineData("bicycle", PlateLayout.OneLine, PlateLayout.OneLine)]
    [InlineData("car", PlateLayout.TwoLine, PlateLayout.OneLine)]
    [InlineData("truck", PlateLayout.TwoLine, PlateLayout.OneLine)]
    public void TwoWheelersKeepThePlatesOwnLayout_OtherVehiclesTakeTheCarsOne(string vehicleClass, PlateLayout physical, PlateLayout expected) =>
        Assert.Equal(expected, GrammarLayout.For(vehicleClass, physical));

    [Fact]
    public void AnOld8CharacterMotorbikePlate_OnAMotorbike_IsReadAsOne()
    {
        var text = VietnamesePlateGrammar.Parse("30L90860", GrammarLayout.For("motorbike", PlateLayout.TwoLine));

        Assert.Equal(("30-L9 0860", VietnamesePlateKind.Motorbike), (text.Formatted, text.Kind));
    }
}
