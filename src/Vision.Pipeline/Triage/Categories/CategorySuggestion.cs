namespace Vision.Pipeline.Triage.Categories;

/// <summary>A category the photo's content supports, scored by its strongest evidence (the detector's score), with that evidence named.</summary>
public sealed record CategorySuggestion(string Category, double Score, string Evidence);
