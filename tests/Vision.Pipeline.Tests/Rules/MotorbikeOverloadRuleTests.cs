using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using Vision.Pipeline.Violations;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class MotorbikeOverloadRuleTests
{
    private static TrackSnapshot Bike(long id, float x) => Track(id, "motorcycle", x, 700, width: 80, height: 100);

    private static TrackSnapshot Rider(long id, float x) => Track(id, "person", x, 690, width: 30, height: 140);

    [Fact]
    public void MotorbikeOverloadRule_Flags_ThreePeopleOnOneMotorbike_SustainedForASecond()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 20; k++)
        {
            script.Frame(Bike(1, 300), Rider(11, 280), Rider(12, 300), Rider(13, 320));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.MotorbikeOverloaded, 1L, 10L, "7.2.l"), (violation.Kind, violation.TrackId, violation.Sequence, violation.Legal!.Code));
        Assert.Equal([11L, 12, 13], violation.RelatedTrackIds);
        Assert.Equal(new Measurement("people_on_motorbike", 3, "people"), violation.Measurements[0]);
    }

    [Fact]
    public void MotorbikeOverloadRule_IgnoresTwoRiders_PeopleStandingBeside_AndAMomentaryOverlap()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 30; k++)
        {
            // Bike 1 carries two; a pedestrian walks past bike 2 and is over it for 5 frames only; two people stand beside bike 3.
            script.Frame(
                Bike(1, 200), Rider(11, 190), Rider(12, 210),
                Bike(2, 400), Rider(21, 390), Rider(22, 410), Rider(23, 340 + 20 * k),
                Bike(3, 700), Rider(31, 700), Track(32, "person", 640, 700, width: 30, height: 140), Track(33, "person", 760, 700, width: 30, height: 140));
        }

        Assert.Empty(script.Violations);
        Assert.False(MotorbikeOverloadRule.IsRiding(new BoundingBox(625, 560, 655, 700), new BoundingBox(660, 600, 740, 700)));
    }
}
