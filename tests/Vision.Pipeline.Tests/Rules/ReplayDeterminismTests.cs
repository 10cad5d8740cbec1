using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Tracking;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class ReplayDeterminismTests
{
    [Fact]
    public void SameScript_Twice_GivesIdenticalViolations()
    {
        static string Run()
        {
            var script = new RuleScript(AnimalOnRoadRuleTests.PerAnimalJunction).Light(Vision.Domain.TrafficLights.TrafficLightState.Red);
            for (var k = 0; k <= 60; k++)
            {
                script.Frame(Car(7, 650, 700 - 20 * k), Car(4, 700, 400 + 10 * k), Car(9, 50, 700), Track(20, "cow", 300, 650));
            }

            return System.Text.Json.JsonSerializer.Serialize(script.Violations);
        }

        var first = Run();

        Assert.Equal(first, Run());
        Assert.Equal(4, System.Text.Json.JsonDocument.Parse(first).RootElement.GetArrayLength());
    }
}
