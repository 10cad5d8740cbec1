using Microsoft.Extensions.Options;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Review;

/// <summary>Storage, delivery and model misconfiguration stops start-up with a message naming the setting.</summary>
public sealed class StorageConfigurationTests
{
    [Theory]
    [InlineData("Vision:Storage:Provider", "Postgres", "Vision:Storage:PostgresConnectionString is required")]
    [InlineData("Vision:Delivery:Target", "Open311", "Vision:Delivery:Open311BaseUrl is required")]
    [InlineData("Vision:Delivery:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("Vision:Delivery:WebhookUrl", "hooks.example.org/vision", "Vision:Delivery:WebhookUrl must be an absolute http:// or https:// address")]
    [InlineData("Vision:Delivery:PublicEvidenceBaseUrl", "evidence.hue.gov.vn/pub", "Vision:Delivery:PublicEvidenceBaseUrl must be an absolute")]
    [InlineData("Vision:Delivery:Open311BaseUrl", "ftp://311.hue.gov.vn/v2", "Vision:Delivery:Open311BaseUrl must be an absolute")]
    [InlineData("Vision:Plates:PlateDetector:ConfidenceThreshold", "0.4", "Vision:Plates:PlateDetector:ModelPath is required")]
    [InlineData("Vision:Inference:TensorRtEngineCacheDirectory", "", "Vision:Inference:TensorRtEngineCacheDirectory must name a folder")]
    [InlineData("Vision:Evidence:WriteRedactedCopy", "false", "Vision:Delivery:PublicEvidenceBaseUrl publishes each package's redacted/overview.jpg, which Vision:Evidence:WriteRedactedCopy=false never writes")]
    public async Task Start_FailsFast_OnIncompleteConfiguration(string key, string value, string expectedMessage)
    {
        // Models and per-camera stages are loaded while the host is built, so the options may fail there or at start.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = VisionApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Vision:ModelDirectory", TestAssets.ModelDirectory,
                "--Logging:LogLevel:Default", "None",
                "--Vision:Metrics:PrometheusPort", "0",
                "--Vision:Cameras:0:Enabled", "false",
                "--Vision:Storage:SqlitePath", Path.Combine(Path.GetTempPath(), "vision-never-created-" + Guid.NewGuid().ToString("N"), "vision.db"),
                $"--{key}", value,
                // A published address for the redacted copies: a setting that turns them off must not leave it dead.
                .. key == "Vision:Evidence:WriteRedactedCopy" ? ["--Vision:Delivery:PublicEvidenceBaseUrl", "https://evidence.hue.gov.vn/packages"] : Array.Empty<string>(),
            ]);
            await app.StartAsync();
        });
        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }
}
