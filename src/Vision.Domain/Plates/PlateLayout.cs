namespace Vision.Domain.Plates;

/// <summary>How the characters sit on the plate: one long line, or two lines on a squarer plate.</summary>
public enum PlateLayout
{
    OneLine,
    TwoLine,
}
