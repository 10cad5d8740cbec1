using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.Violations;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class AnimalOnRoadRuleTests
{
    [Fact]
    public void AnimalOnRoadRule_Flags_ACowOnTheRoad_ForTwoSeconds()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Track(20, "cow", 300 + 2 * k, 650, width: 120, height: 90));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.AnimalOnRoad, 20L, 20L, "road", "cow"), (violation.Kind, violation.TrackId, violation.Sequence, violation.ZoneName, violation.ObjectClass));
        Assert.Equal("12.1.d", violation.Legal!.Code);
    }

    [Fact]
    public void AnimalOnRoadRule_IgnoresAnAnimalOffTheRoad_AndADogCrossingQuickly()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Track(20, "horse", 300, 250, width: 120, height: 90), Track(21, "dog", 100 + 80 * k, 650, width: 40, height: 30));
        }

        Assert.Empty(script.Violations);
    }
}
