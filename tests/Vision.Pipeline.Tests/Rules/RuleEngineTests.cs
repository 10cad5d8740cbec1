using Vision.Domain.Violations;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class RuleEngineTests
{
    [Fact]
    public void Engine_ForgetsEveryTrack_ThatTheTrackerDropped()
    {
        var script = new RuleScript();
        for (var k = 0; k < 20; k++)
        {
            script.Frame(Enumerable.Range(0, 100).Select(i => Car(1000 * k + i, 510 + 4 * i, 990 - 10 * k)).ToArray());
        }

        Assert.True(script.Engine.TrackedStateCount >= 100);
        script.Frame();
        Assert.Equal(0, script.Engine.TrackedStateCount);
    }

    [Fact]
    public void Engine_RunsOnlyTheRulesTheSceneEnables()
    {
        var json = Scenes.SceneLoaderTests.Junction.Replace("\"Version\": 3,", "\"Version\": 3, \"Rules\": { \"Enabled\": [\"WrongWay\"] },");
        var script = new RuleScript(json);
        script.Light(Vision.Domain.TrafficLights.TrafficLightState.Red);
        for (var k = 0; k <= 30; k++)
        {
            script.Frame(Car(7, 650, 700 - 20 * k), Car(4, 700, 400 + 10 * k));
        }

        Assert.Equal(["wrong-way"], script.Engine.Rules.Select(r => r.Name));
        Assert.Equal(ViolationKind.WrongWay, Assert.Single(script.Violations).Kind);
    }
}
