namespace Vision.Domain.Plates;

/// <summary>
/// A plate's background colour. In Vietnam: white private, yellow commercial (transport business), blue state agencies,
/// red military.
/// </summary>
public enum PlateColour
{
    Unknown,
    White,
    Yellow,
    Blue,
    Red,
}
