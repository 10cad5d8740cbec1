using Vision.Pipeline.Rules;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Rules;

public sealed class RuleOptionsTests
{
    [Fact]
    public void HelmetRule_IsUnavailable_WithoutAHelmetModel_AndSaysWhy()
    {
        var none = new RuleOptions();
        var missing = new RuleOptions { HelmetModelPath = "/models/helmet.onnx" };
        var present = new RuleOptions { HelmetModelPath = TestAssets.Model("yolox_nano_coco_416.onnx") };

        Assert.False(none.HelmetModelAvailable);
        Assert.Equal("no helmet model is configured (Vision:Rules:HelmetModelPath) and none is provisioned: no helmet classifier could be found offline (models/MODELS.md)",
            none.HelmetRuleUnavailableReason);
        Assert.Equal("the configured helmet model '/models/helmet.onnx' (Vision:Rules:HelmetModelPath) does not exist", missing.HelmetRuleUnavailableReason);
        Assert.True(present.HelmetModelAvailable);
    }

    [Fact]
    public void SceneDirectory_IsFoundAboveTheWorkingDirectory_WhenNotConfigured()
    {
        Assert.Equal(Path.Combine(TestAssets.RepositoryRoot, "scenes"), new RuleOptions().ResolveSceneDirectory());
        Assert.Equal("/etc/vision/scenes", new RuleOptions { SceneDirectory = "/etc/vision/scenes" }.ResolveSceneDirectory());
    }
}
