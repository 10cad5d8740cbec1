using Vision.Domain.Inference;
using Vision.Domain.Plates;
using Vision.Domain.Plates.Consensus;
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
    public void A_violation_names_every_model_it_rests_on_the_detector_and_those_that_found_and_read_its_plate()
    {
        var locator = new ModelIdentity("ppocr-det-v4", new string('b', 64));
        var reader = new ModelIdentity("vision-vn-small-plates-v2", new string('c', 64));
        var observation = new PlateObservation(new PlateRead("75A18283", [.. Enumerable.Repeat(0.9f, 8)], reader), "75A-182.83", true, 3, At(3),
            120, 40, 100, ReadOnlyMemory<byte>.Empty);
        var plate = new TrackPlate(7, new PlateConsensusResult("75A18283", "75A-182.83", true, 1, 1, observation, [], true), [])
        {
            Models = [locator, reader],
        };
        var script = new RuleScript().Light(Vision.Domain.TrafficLights.TrafficLightState.Red);
        for (var k = 0; k <= 15; k++)
        {
            script.Frame([plate], Car(7, 650, 700 - 20 * k), Car(8, 750, 700 - 20 * k));
        }

        Assert.Equal([RuleScript.Model, locator, reader], script.Violations.Single(v => v.TrackId == 7).Models);
        Assert.Equal([RuleScript.Model], script.Violations.Single(v => v.TrackId == 8).Models); // no plate read yet
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
