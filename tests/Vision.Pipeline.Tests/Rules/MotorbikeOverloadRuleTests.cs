using Vision.Domain.Violations;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class MotorbikeOverloadRuleTests
{
    private static TrackSnapshot Bike(long id, float x, int riders, TrackState state = TrackState.Tracked) =>
        Track(id, "motorcycle", x, 700, state, width: 80, height: 180) with { Riders = riders };

    [Fact]
    public void MotorbikeOverloadRule_Flags_ThreeRidersOnOneMotorbike_SustainedForASecond()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 20; k++)
        {
            script.Frame(Bike(1, 300, riders: 3));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.MotorbikeOverloaded, 1L, 10L, "7.2.g"), (violation.Kind, violation.TrackId, violation.Sequence, violation.Legal!.Code));
        Assert.Equal(new Measurement("people_on_motorbike", 3, "people"), violation.Measurements[0]);
    }

    [Fact]
    public void MotorbikeOverloadRule_GivesFourPeopleOnAMotorbike_TheProvisionForThreePassengers()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 20; k++)
        {
            script.Frame(Bike(1, 300, riders: 4));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal(("7.3.b", 600_000L, 800_000L), (violation.Legal!.Code, violation.Legal.Fine.MinimumVnd, violation.Legal.Fine.MaximumVnd));
        Assert.Equal(new Measurement("people_on_motorbike", 4, "people"), violation.Measurements[0]);
    }

    [Fact]
    public void MotorbikeOverloadRule_ReportsAMotorbikeOnce_EvenWhenARiderIsMissedForLongerThanTheMinimum()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 40; k++)
        {
            // The child in front is hidden behind a bus for frames 16–27 (1.2 s): the same three people all along.
            script.Frame(Bike(1, 300, riders: k is >= 16 and <= 27 ? 2 : 3));
        }

        Assert.Equal(10L, Assert.Single(script.Violations).Sequence);
    }

    [Fact]
    public void MotorbikeOverloadRule_CountsFromTheFirstFrameSeen_ThroughAFrameWithARiderMissed_AndReportsTheUsualCount()
    {
        var script = new RuleScript();
        // Tentative for its first two frames; the detector misses a rider at frame 4; a stray fourth box at frame 6.
        int[] riders = [3, 3, 3, 3, 2, 3, 4, 3, 3, 3, 3, 3];
        for (var k = 0; k < riders.Length; k++)
        {
            script.Frame(Bike(1, 300, riders[k], k < 2 ? TrackState.Tentative : TrackState.Tracked));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal(10L, violation.Sequence);
        Assert.Equal(new Measurement("people_on_motorbike", 3, "people"), violation.Measurements[0]);
    }

    [Fact]
    public void MotorbikeOverloadRule_IgnoresTwoRiders_AndAMomentaryThird()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 30; k++)
        {
            script.Frame(Bike(1, 200, riders: 2), Bike(2, 400, riders: k is >= 10 and < 15 ? 3 : 2), Bike(3, 700, riders: 1));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void MotorbikeOverloadRule_IgnoresTwoStrayThirdPeople_ASecondApart()
    {
        var script = new RuleScript();
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Bike(1, 300, riders: k is 10 or 20 ? 3 : 2));
        }

        Assert.Empty(script.Violations);
    }
}
