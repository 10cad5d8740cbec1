using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Grpc;

public sealed class PlateConfigurationTests
{
    [Fact]
    public async Task AUserSuppliedYoloPlateDetector_ReplacesTheTextLocator_ByConfigurationAlone()
    {
        await using var app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Plates:PlateDetector:ModelPath", "test-only/vn_plate_detector_yolov5n_640.onnx",
            "--Vision:Plates:PlateDetector:Format", "YoloV5",
            "--Vision:Plates:PlateDetector:ClassNames:0", "licence plate",
        ]);

        var models = app.Services.GetRequiredService<PlateModels>();

        var locator = Assert.IsType<DetectorPlateLocator>(models.Locator);
        using var photo = TestAssets.SampleImage("images/vn_cars_4.jpg");
        Assert.True(locator.Locate(photo).Count >= 2);
        Assert.Contains(locator.Models, m => m.Sha256 == "6f4e4e02a54effb9cfad32d53ffce67b0f3f49091e52f00a434220b3d6579abc");
    }

    [Fact]
    public async Task TheTextLocator_IsTheDefault()
    {
        await using var app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
        ]);

        Assert.IsType<TextPlateLocator>(app.Services.GetRequiredService<PlateModels>().Locator);
    }
}
