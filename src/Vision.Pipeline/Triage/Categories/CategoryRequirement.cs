namespace Vision.Pipeline.Triage.Categories;

/// <summary>
/// What a report category needs to be seen in the photo: any object of the <see cref="Evidence"/> kinds. When
/// <see cref="CannotJudgeBecause"/> is set the models cannot see what the category is about, and triage says so
/// instead of guessing.
/// </summary>
public sealed record CategoryRequirement(string Category, IReadOnlyList<TriageObjectKind> Evidence, string EvidenceDescription, string? CannotJudgeBecause)
{
    public bool CanJudge => CannotJudgeBecause is null;
}
