namespace Vision.Domain.Plates;

/// <summary>What a plate's grammar says about the vehicle.</summary>
public enum VietnamesePlateKind
{
    /// <summary>Not a Vietnamese plate, or read in the generic (any-country) mode.</summary>
    Unknown,

    /// <summary>Cars, trucks and buses: area code, series letter(s), 4- or 5-digit serial.</summary>
    Car,

    /// <summary>Motorbikes: two lines, area code and series (letter + digit, or two letters) on top, serial below.</summary>
    Motorbike,

    /// <summary>Special series: diplomatic and foreign (NG, NN, QT, CV), joint-venture, economic-military, trailers.</summary>
    Special,
}
