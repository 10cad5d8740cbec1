using Vision.Pipeline.Plates;
using Vision.Pipeline.Plates.Localization;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Triage;
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
    public async Task The_configured_generic_grammar_reads_triage_photos_and_skips_the_second_opinion()
    {
        var data = Directory.CreateTempSubdirectory("vision-plates-");
        try
        {
            await using var app = VisionApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Vision:ModelDirectory", TestAssets.ModelDirectory,
                "--Logging:LogLevel:Default", "Warning",
                "--Vision:Metrics:PrometheusPort", "0",
                "--Vision:Cameras:0:Enabled", "false",
                "--Vision:Storage:SqlitePath", Path.Combine(data.FullName, "vision.db"),
                "--Vision:Plates:Grammar", "Generic",
            ]);
            await app.StartAsync();

            var models = app.Services.GetRequiredService<PlateModels>();
            var outcome = await app.Services.GetRequiredService<PhotoTriage>().TriageAsync(
                TestAssets.SampleBytes("plates/openalpr_us/wts-lg-000157.jpg"), ReportMetadata.None, CancellationToken.None);

            // Triage read with the Vietnamese grammar whatever was configured: this US plate was invalid.
            Assert.Contains("7EAV033", outcome.Result!.Plates.Where(plate => plate.IsValid).Select(plate => plate.Text.Normalized));
            Assert.Equal(PlateGrammarMode.Generic, models.CropReader.Grammar.Mode);
            Assert.Single(models.CropReaderFor(PlateGrammarMode.Generic).Models);
            // Vietnamese plates: the sharp-plate and small-plate readers, then PP-OCR's second opinion.
            Assert.Equal(["vision_vn_plates_v3", "vision_vn_small_plates_v2", "ch_PP-OCRv4_rec_infer"],
                models.CropReaderFor(PlateGrammarMode.Vietnamese).Models.Select(model => model.Name));
            await app.StopAsync();
        }
        finally
        {
            data.Delete(recursive: true);
        }
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
