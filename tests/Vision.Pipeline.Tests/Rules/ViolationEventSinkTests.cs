using Microsoft.Extensions.Logging.Abstractions;
using Vision.Domain.TrafficLights;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Runtime;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.TrafficLights;
using static Vision.Pipeline.Tests.Rules.RuleScript;

namespace Vision.Pipeline.Tests.Rules;

public sealed class ViolationEventSinkTests
{
    [Fact]
    public void Sink_PublishesEachViolation_OnItsCamerasEventHub()
    {
        var script = new RuleScript().Light(TrafficLightState.Red);
        for (var k = 0; k <= 12; k++)
        {
            script.Frame(Car(7, 650, 700 - 20 * k));
        }

        var violation = Assert.Single(script.Violations);
        var hub = new CameraEventHub();
        using var subscription = hub.Subscribe();
        var sink = new ViolationEventSink(NullLogger<ViolationEventSink>.Instance, hub);

        sink.Submit(violation);

        Assert.True(subscription.Reader.TryRead(out var published));
        Assert.Equal(new ViolationRaisedEvent(violation), published);
        Assert.Equal(("junction-1", 11L), (published!.CameraId, published.Sequence));
        Assert.False(subscription.Reader.TryRead(out _));
    }

    [Fact]
    public void LogLine_NamesTheZone_OnlyWhenTheViolationHasOne()
    {
        var redLight = new RuleScript().Light(TrafficLightState.Red);
        var speeding = new RuleScript();
        var pixelsPerFrame = 75 / 3.6f / 10 * (500f / 30f); // 75 km/h at 10 fps on the calibrated ground
        for (var k = 0; k <= 15; k++)
        {
            redLight.Frame(Car(7, 650, 700 - 20 * k));
            speeding.Frame(Car(2, 650, 950 - pixelsPerFrame * k));
        }

        var logger = new RecordingLogger<ViolationEventSink>();
        var sink = new ViolationEventSink(logger, new CameraEventHub());
        var crossing = Assert.Single(redLight.Violations);
        var fast = Assert.Single(speeding.Violations);

        sink.Submit(crossing);
        sink.Submit(fast);

        Assert.Equal(
        [
            $"Violation RedLight on camera junction-1: track 7 (car) at frame 11, zone {crossing.ZoneName}, {crossing.Legal} (id {crossing.Id})",
            $"Violation Speeding on camera junction-1: track 2 (car) at frame {fast.Sequence}, {fast.Legal} (id {fast.Id})",
        ], logger.Messages);
        Assert.False(string.IsNullOrEmpty(crossing.ZoneName));
        Assert.Null(fast.ZoneName);
    }
}
