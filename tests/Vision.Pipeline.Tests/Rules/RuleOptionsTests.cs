using Vision.Pipeline.Rules;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Rules;

public sealed class RuleOptionsTests
{
    [Fact]
    public void HelmetRule_IsUnavailable_WithoutAHelmetModel_AndSaysWhy()
    {
        var none = new RuleOptions();

        Assert.False(none.HelmetModelAvailable);
        Assert.Equal("no helmet model is configured (Vision:Rules:HelmetModelPath) and none is provisioned: no helmet classifier could be found offline (models/MODELS.md)",
            none.HelmetRuleUnavailableReason);
    }

    [Fact]
    public void HelmetRule_StaysUnavailable_WhenAModelFileIsConfigured_ForThereIsNoRuleToRunIt()
    {
        // Any existing file made the rule "available": a scene enabling NoHelmet then passed validation and never fired
        // (the COCO detector itself passed for a helmet classifier).
        var present = new RuleOptions { HelmetModelPath = TestAssets.Model("yolox_nano_coco_416.onnx") };

        Assert.False(present.HelmetModelAvailable);
        Assert.StartsWith("a helmet model is configured", present.HelmetRuleUnavailableReason, StringComparison.Ordinal);
        Assert.Contains("this version has no no-helmet rule to run it", present.HelmetRuleUnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void SceneDirectory_IsFoundAboveTheWorkingDirectory_WhenNotConfigured()
    {
        Assert.Equal(Path.Combine(TestAssets.RepositoryRoot, "scenes"), new RuleOptions().ResolveSceneDirectory());
        Assert.Equal("/etc/vision/scenes", new RuleOptions { SceneDirectory = "/etc/vision/scenes" }.ResolveSceneDirectory());
    }
}
