using Vision.Domain.Geometry;
using Vision.Domain.Inference;
using Vision.Pipeline.Inference;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Triage;
using Vision.Pipeline.Triage.Categories;

namespace Vision.Pipeline.Tests.Triage;

public sealed class CategorySupportTests
{
    private static readonly ModelIdentity Detector = new("yolox_nano_coco_416", new string('0', 64));

    [Theory]
    [InlineData("loose_cattle", ReportCategories.AnimalsOnRoad)]
    [InlineData("sidewalk_vendor", ReportCategories.SidewalkObstruction)]
    [InlineData("obstruction", ReportCategories.SidewalkObstruction)]
    [InlineData(" Illegal_Parking ", ReportCategories.IllegalParking)]
    public void AliasesAndSpellings_FindTheirCategory(string asked, string expected) =>
        Assert.Equal(expected, ReportCategories.Find(asked)?.Category);

    [Theory]
    [InlineData("umbrella", TriageObjectKind.Obstruction)]
    [InlineData("dining table", TriageObjectKind.Obstruction)]
    [InlineData("chair", TriageObjectKind.Obstruction)]
    [InlineData("motorcycle", TriageObjectKind.Vehicle)]
    [InlineData("cow", TriageObjectKind.Animal)]
    [InlineData("bird", TriageObjectKind.Other)]
    [InlineData("dog", TriageObjectKind.Other)]
    [InlineData("cat", TriageObjectKind.Other)]
    [InlineData("traffic light", TriageObjectKind.TrafficLight)]
    public void CocoClasses_CountAsTheirEvidenceKind(string className, TriageObjectKind kind) => Assert.Equal(kind, EvidenceKinds.Of(className));

    [Fact]
    public void StallUmbrellaAndTables_SupportASidewalkVendorReport_AndSuggestOnlyThat()
    {
        TriageObject[] objects = [Found("umbrella", 0.71f), Found("dining table", 0.55f), Found("person", 0.9f)];

        var reason = CategorySupportCheck.Evaluate("sidewalk_vendor", objects, 0.4);
        var suggestions = CategorySupportCheck.Suggest(objects, 0.4);

        Assert.Equal((TriageReasonCodes.CategorySupported, CategorySupportCheck.SupportedEffect), (reason.Code, reason.Effect));
        Assert.Contains("a umbrella (score 0.71)", reason.Text);
        var suggestion = Assert.Single(suggestions);
        Assert.Equal((ReportCategories.SidewalkObstruction, 0.71), (suggestion.Category, Math.Round(suggestion.Score, 2)));
    }

    [Fact]
    public void APetAlone_DoesNotSupportAnAnimalsOnRoadReport_AndTheReasonDoesNotAskForOne()
    {
        // Dogs stopped counting as livestock; the refusal still said it needed "an animal (cattle, horse, dog…)" beside
        // a photo of a dog.
        var reason = CategorySupportCheck.Evaluate("animals_on_road", [Found("dog", 0.9f)], 0.4);

        Assert.Equal(TriageReasonCodes.CategoryNotSupported, reason.Code);
        Assert.Contains("livestock (cattle, a horse, sheep or goats)", reason.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("dog", reason.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WeakEvidence_DoesNotSupportACategory()
    {
        var reason = CategorySupportCheck.Evaluate("animals_on_road", [Found("cow", 0.32f)], 0.4);

        Assert.Equal((TriageReasonCodes.CategoryNotSupported, CategorySupportCheck.NotSupportedEffect), (reason.Code, reason.Effect));
    }

    [Fact]
    public void UnknownCategory_IsNamedWithTheKnownOnes_AndLeavesTheScoreAlone()
    {
        var reason = CategorySupportCheck.Evaluate("noise_complaint", [Found("car", 0.9f)], 0.4);

        Assert.Equal((TriageReasonCodes.CategoryUnknown, 0.0), (reason.Code, reason.Effect));
        Assert.Contains("traffic_violation", reason.Text);
    }

    [Fact]
    public void LegitimacyScore_StartsNeutral_AddsEffects_AndStaysWithinZeroAndOne()
    {
        Assert.Equal(LegitimacyScore.Start, LegitimacyScore.Of([]));
        Assert.Equal(0.75, LegitimacyScore.Of([new("A", "", 0.1), new("B", "", 0.05)]), 6);
        Assert.Equal(0, LegitimacyScore.Of([new("A", "", -0.5), new("B", "", -0.4)]));
        Assert.Equal(1, LegitimacyScore.Of([new("A", "", 0.3), new("B", "", 0.2)]));
    }

    [Fact]
    public void Options_ReportEveryProblem_IncludingNestedLimits()
    {
        var options = new TriageOptions { MinUsefulShortSidePixels = 10, CaptureTimeTolerance = TimeSpan.Zero };
        options.ImageLimits.MinSide = 0;
        options.Exif.MaxDirectories = 0;

        var problems = options.Problems();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, problem => problem.Contains("MinSide"));
        Assert.Contains(problems, problem => problem.Contains("MaxDirectories"));
        Assert.Contains(problems, problem => problem.Contains("MinUsefulShortSidePixels"));
        Assert.Contains(problems, problem => problem.Contains("CaptureTimeTolerance"));
        Assert.Empty(new TriageOptions().Problems());
    }

    private static TriageObject Found(string className, float score) =>
        new(className, EvidenceKinds.Of(className), score, new BoundingBox(10, 10, 100, 100), Detector, null);
}
