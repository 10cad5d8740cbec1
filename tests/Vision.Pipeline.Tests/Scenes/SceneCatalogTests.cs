using Vision.Pipeline.Cameras;
using Vision.Pipeline.ObjectDetection;
using Vision.Pipeline.Rules;
using Vision.Pipeline.Scenes;
using Vision.Pipeline.Tests.Support;

namespace Vision.Pipeline.Tests.Scenes;

public sealed class SceneCatalogTests
{
    private static readonly string SceneDirectory = Path.Combine(TestAssets.RepositoryRoot, "scenes");

    [Fact]
    public void Catalog_LoadsTheSceneOfEachEnabledCamera_AndSkipsCamerasWithoutOne()
    {
        CameraDefinition[] cameras =
        [
            new() { Id = "sample-vtest", Name = "sample", SceneConfiguration = "sample-vtest" },
            new() { Id = "junction", Name = "junction", SceneConfiguration = "example-junction.json" },
            new() { Id = "gateway", Name = "no scene" },
            new() { Id = "retired", Name = "disabled", Enabled = false, SceneConfiguration = "no-such-scene" },
        ];

        var (scenes, problems) = SceneCatalog.Load(cameras, SceneDirectory, ObjectClasses.Coco, helmetModelAvailable: false);

        Assert.Empty(problems);
        Assert.Equal(["junction", "sample-vtest"], scenes.Keys.Order());
        Assert.Equal("example-junction", scenes["junction"].Id);
    }

    [Fact]
    public void Catalog_ReportsAMissingSceneFile_ByItsPath_AndTheCameraWhoseSceneItIs()
    {
        CameraDefinition[] cameras = [new() { Id = "cam-1", Name = "cam", SceneConfiguration = "no-such-scene" }];

        var (scenes, problems) = SceneCatalog.Load(cameras, SceneDirectory, ObjectClasses.Coco, helmetModelAvailable: false);

        Assert.Empty(scenes);
        Assert.Equal([new SceneProblem(Path.Combine(SceneDirectory, "no-such-scene.json") + " (the scene of camera 'cam-1')", "(file)", "the scene file does not exist")],
            problems);
    }
}
