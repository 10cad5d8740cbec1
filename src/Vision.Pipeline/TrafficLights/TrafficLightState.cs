namespace Vision.Pipeline.TrafficLights;

public enum TrafficLightState
{
    Unknown,
    Red,
    Yellow,
    Green,
}
