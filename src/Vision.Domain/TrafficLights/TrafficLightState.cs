namespace Vision.Domain.TrafficLights;

public enum TrafficLightState
{
    Unknown,
    Red,
    Yellow,
    Green,
}
