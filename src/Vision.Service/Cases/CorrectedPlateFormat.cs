using Vision.Domain.Plates;
using Vision.Pipeline.Plates;
using Vision.Storage;

namespace Vision.Service.Cases;

/// <summary>
/// An officer's correction that fits no Vietnamese plate format for the vehicle is most often a slip of the keyboard (a
/// digit missed, <c>75H14260</c>): the report would name another vehicle. It is taken only when the officer says the
/// plate is written as on the vehicle (a foreign, military or temporary plate the grammar does not know).
/// </summary>
public static class CorrectedPlateFormat
{
    /// <returns>Why the plate fits no format for <paramref name="vehicleClass"/>, or null when it fits one.</returns>
    public static string? Problem(string plate, string? vehicleClass)
    {
        // Two-wheelers carry two-line plates; other vehicles car text, as the delivered report formats it (ReportedPlate).
        var parsed = VietnamesePlateGrammar.Parse(plate, GrammarLayout.For(vehicleClass, PlateLayout.TwoLine));
        return parsed.IsValid
            ? null
            : $"'{PlateKey.Normalize(plate)}' fits no Vietnamese plate format{(vehicleClass is null ? string.Empty : $" for a {vehicleClass}")} " +
              "(a character missed or added?); check it, or say the plate is written as on the vehicle (a foreign, military or temporary plate)";
    }
}
