using System.Globalization;

namespace Vision.Pipeline.Triage.Categories;

/// <summary>Whether the objects found support the citizen's category, and which categories they suggest.</summary>
public static class CategorySupportCheck
{
    public const double SupportedEffect = 0.15;
    public const double NotSupportedEffect = -0.3;

    /// <summary>Every judgeable category with evidence of at least <paramref name="minEvidenceScore"/>, strongest first.</summary>
    public static IReadOnlyList<CategorySuggestion> Suggest(IReadOnlyList<TriageObject> objects, double minEvidenceScore) =>
    [
        .. ReportCategories.All
            .Where(requirement => requirement.CanJudge)
            .Select(requirement => (Requirement: requirement, Best: StrongestEvidence(requirement, objects)))
            .Where(found => found.Best is not null && found.Best.Confidence >= minEvidenceScore)
            .Select(found => new CategorySuggestion(found.Requirement.Category, found.Best!.Confidence, Describe(found.Best)))
            .OrderByDescending(suggestion => suggestion.Score),
    ];

    public static TriageReason Evaluate(string? category, IReadOnlyList<TriageObject> objects, double minEvidenceScore)
    {
        if (string.IsNullOrWhiteSpace(category))
        {
            return new TriageReason(TriageReasonCodes.CategoryNotGiven, "The report names no category.", 0);
        }

        var requirement = ReportCategories.Find(category);
        if (requirement is null)
        {
            return new TriageReason(TriageReasonCodes.CategoryUnknown,
                $"The category '{category}' is unknown to triage; known: {string.Join(", ", ReportCategories.All.Select(known => known.Category))}.", 0);
        }

        if (!requirement.CanJudge)
        {
            return new TriageReason(TriageReasonCodes.CategoryCannotJudge,
                $"Triage cannot judge '{requirement.Category}': {requirement.CannotJudgeBecause}. An official must look.", 0);
        }

        var best = StrongestEvidence(requirement, objects);
        return best is not null && best.Confidence >= minEvidenceScore
            ? new TriageReason(TriageReasonCodes.CategorySupported,
                $"The photo supports '{requirement.Category}': it shows {Describe(best)}.", SupportedEffect)
            : new TriageReason(TriageReasonCodes.CategoryNotSupported,
                $"The photo does not support '{requirement.Category}': it needs {requirement.EvidenceDescription}, and none was found.", NotSupportedEffect);
    }

    private static TriageObject? StrongestEvidence(CategoryRequirement requirement, IReadOnlyList<TriageObject> objects) =>
        objects.Where(found => requirement.Evidence.Contains(found.Kind)).MaxBy(found => found.Confidence);

    private static string Describe(TriageObject found) =>
        string.Create(CultureInfo.InvariantCulture, $"a {found.ClassName} (score {found.Confidence:F2})");
}
