using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class AnimalOnRoadRuleTests
{
    /// <summary>The junction with every rule it has geometry for except LooseCattle, which would replace the per-animal rule.</summary>
    public static readonly string PerAnimalJunction = Scenes.SceneLoaderTests.Junction.Replace("\"Version\": 3,",
        "\"Version\": 3, \"Rules\": { \"Enabled\": [\"RedLight\", \"WrongWay\", \"IllegalStopping\", \"Sidewalk\", \"Speeding\", \"SolidLineCrossing\", \"LaneNotAllowed\", \"MotorbikeOverloaded\", \"AnimalOnRoad\"] },",
        StringComparison.Ordinal);

    [Fact]
    public void AnimalOnRoadRule_Flags_ACowOnTheRoad_ForTwoSeconds()
    {
        var script = new RuleScript(PerAnimalJunction);
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Track(20, "cow", 300 + 2 * k, 650, width: 120, height: 90));
        }

        var violation = Assert.Single(script.Violations);
        Assert.Equal((ViolationKind.AnimalOnRoad, 20L, 20L, "road", "cow"), (violation.Kind, violation.TrackId, violation.Sequence, violation.ZoneName, violation.ObjectClass));
        Assert.Equal("11.1.d", violation.Legal!.Code);
    }

    [Fact]
    public void AnimalOnRoadRule_IgnoresAnAnimalOffTheRoad_AndADogCrossingQuickly()
    {
        var script = new RuleScript(PerAnimalJunction);
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Track(20, "horse", 300, 250, width: 120, height: 90), Track(21, "dog", 100 + 80 * k, 650, width: 40, height: 30));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void AnimalOnRoadRule_IgnoresADogStayingOnTheRoad_ADogIsNoLivestock()
    {
        var script = new RuleScript(PerAnimalJunction);
        for (var k = 0; k <= 80; k++)
        {
            script.Frame(Track(21, "dog", 300 + k, 650, width: 40, height: 30));
        }

        Assert.Empty(script.Violations);
    }

    [Fact]
    public void AnimalOnRoadRule_CountsFromTheFirstFrameTheAnimalWasSeen_ThoughItsTrackWasStillTentative()
    {
        var script = new RuleScript(PerAnimalJunction);
        for (var k = 0; k <= 25; k++)
        {
            script.Frame(Track(20, "cow", 300, 650, k < 3 ? TrackState.Tentative : TrackState.Tracked, width: 120, height: 90));
        }

        Assert.Equal(20L, Assert.Single(script.Violations).Sequence);
    }

    [Fact]
    public void RuleEngine_HoldsAFindingOfATentativeTrack_UntilItIsConfirmed_AndDropsItWithATrackNeverConfirmed()
    {
        // A ride along the sidewalk of 1.5 s reached while the track is still tentative: raised once it is confirmed at frame 18.
        var script = new RuleScript();
        for (var k = 0; k <= 20; k++)
        {
            Assert.Equal(k == 18 ? 1 : 0, script.Frame(Track(7, "motorcycle", 900, 990 - 10 * k, k < 18 ? TrackState.Tentative : TrackState.Tracked)).Count);
        }

        Assert.Equal((ViolationKind.Sidewalk, 18L), (script.Violations[0].Kind, script.Violations[0].Sequence));

        // The same stay on a track the tracker drops while tentative raises nothing.
        var dropped = new RuleScript();
        for (var k = 0; k <= 20; k++)
        {
            dropped.Frame(k < 18 ? [Track(8, "motorcycle", 900, 990 - 10 * k, TrackState.Tentative)] : []);
        }

        Assert.Empty(dropped.Violations);
        Assert.Equal(0, dropped.Engine.TrackedStateCount);
    }

    [Fact]
    public void AnimalOnRoadRule_StepsAside_WhereTheSceneRunsLooseCattle()
    {
        // The default junction enables every case, LooseCattle included: the herd case (street-order stage) reports the cow, once, with its duration.
        var script = new RuleScript();
        for (var k = 0; k <= 40; k++)
        {
            script.Frame(Track(20, "cow", 300 + 2 * k, 650, width: 120, height: 90));
        }

        Assert.Empty(script.Violations);
        Assert.DoesNotContain(script.Engine.Rules, r => r is AnimalOnRoadRule);
    }
}
