using Vision.Domain.Plates;
using Vision.Pipeline.Plates;
using Vision.Storage;

namespace Vision.Service.Delivery;

/// <summary>
/// The plate a report and the review queue name, written as plates are written. An officer's correction is stored as
/// A–Z0–9 only (<c>75H142600</c>); it is formatted like the machine's reads (<c>75-H1 426.00</c>) when it fits a
/// Vietnamese format, so a backend looking vehicles up by the written plate finds the ones a person checked too.
/// </summary>
public static class ReportedPlate
{
    public static string? Of(ViolationRecord violation)
    {
        if (violation.CorrectedPlate is not { } corrected)
        {
            return violation.ReportedPlate;
        }

        // The vehicle settles the one ambiguity of the formats (eight characters are a car's 5-digit or a motorbike's
        // 4-digit serial), as it does for the machine's reads; two-wheelers carry two-line plates.
        var parsed = VietnamesePlateGrammar.Parse(corrected, GrammarLayout.For(violation.ObjectClass, PlateLayout.TwoLine));
        return parsed.IsValid ? parsed.Formatted : corrected;
    }
}
