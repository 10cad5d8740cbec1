using Microsoft.Extensions.Logging.Abstractions;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Runtime;
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
        var other = new CameraEventHub();
        using var subscription = hub.Subscribe();
        using var otherSubscription = other.Subscribe();
        var sink = new ViolationEventSink(NullLogger<ViolationEventSink>.Instance);
        sink.Attach("junction-1", hub);
        sink.Attach("elsewhere", other);

        sink.Submit(violation);

        Assert.True(subscription.Reader.TryRead(out var published));
        Assert.Equal(new ViolationRaisedEvent(violation), published);
        Assert.Equal(("junction-1", 11L), (published!.CameraId, published.Sequence));
        Assert.False(otherSubscription.Reader.TryRead(out _));
    }
}
