using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class SidewalkRuleTests
{
    [Fact]
    public void SidewalkRule_Flags_AMotorbikeRidingOnTheSidewalk_Once()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 50; k++)
        {
            script.Frame(Track(6, "motorcycle", 920, 990 - 10 * k, width: 40, height: 70));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.Sidewalk, 15L, "east sidewalk", "7.7.a"), (violation.Kind, violation.Sequence, violation.ZoneName, violation.Legal!.Code));
    }

    [Fact]
    public void SidewalkRule_NamesTheSidewalkTheVehicleIsOn_WhenItRodeOnFromATouchingOne()
    {
        // The east sidewalk in two sections meeting at y = 800: the motorbike rides north from the south one into the other.
        var twoSections = Scenes.SceneLoaderTests.Junction.Replace(
            """{ "Name": "east sidewalk", "Kind": "Sidewalk", "Polygon": [[0.85, 0.3], [1.0, 0.3], [1.0, 1.0], [0.85, 1.0]], "MaxDwell": "00:00:30" },""",
            """{ "Name": "east sidewalk north", "Kind": "Sidewalk", "Polygon": [[0.85, 0.3], [1.0, 0.3], [1.0, 0.8], [0.85, 0.8]] },""" +
            """{ "Name": "east sidewalk south", "Kind": "Sidewalk", "Polygon": [[0.85, 0.8], [1.0, 0.8], [1.0, 1.0], [0.85, 1.0]] },""");
        var script = new RuleScript(twoSections);
        for (var k = 0; k <= 30; k++)
        {
            script.Frame(Track(6, "motorcycle", 920, 850 - 10 * k, width: 40, height: 70)); // south section until frame 5
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((15L, "east sidewalk north"), (violation.Sequence, violation.ZoneName));
    }

    [Fact]
    public void SidewalkRule_IgnoresAMotorbikeParkedOnTheSidewalk_ThoughItsTrackIsNamedAnew()
    {
        // Parked for 20 s with a few pixels of box jitter; a pedestrian standing in front ends its track at frame 100.
        var script = new RuleScript();
        for (var k = 0; k <= 200; k++)
        {
            script.Frame(Track(k < 100 ? 6 : 7, "motorcycle", 920 + (k % 3) - 1, 900 + (k % 2 == 0 ? 3 : -3), width: 40, height: 70));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void SidewalkRule_Flags_AParkedMotorbikeOnceItRidesOffAlongTheSidewalk()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 80; k++)
        {
            script.Frame(Track(6, "motorcycle", 920, k < 50 ? 990 : 990 - 10 * (k - 50), width: 40, height: 70));
        }

        // Raised once it has ridden three stationary radii (0.06 × 1000 px): six frames after it set off.
        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.Sidewalk, 56L), (violation.Kind, violation.Sequence));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(15)] // touches exactly the minimum (1.5 s) apart: two of them are not a stay of 1.5 s
    [InlineData(10)]
    public void SidewalkRule_IgnoresBriefTouchesOfTheEdge(int framesBetweenTouches)
    {
        var script = new RuleScript();
        for (var k = 0; k <= 100; k++)
        {
            // Rides beside the kerb (x = 850); its box pokes over it once every so many frames.
            script.Frame(Track(6, "motorcycle", k % framesBetweenTouches == 0 ? 856 : 835, 990 - 5 * k, width: 40, height: 70));
        }

        Assert.Empty(script.Violations);
    }
}
