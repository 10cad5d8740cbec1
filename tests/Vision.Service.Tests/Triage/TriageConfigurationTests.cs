using Microsoft.Extensions.Options;
using Vision.Domain.Triage;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Triage;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Triage;

public sealed class TriageConfigurationTests
{
    [Fact]
    public async Task InvalidTriageSettings_StopStartUp_NamingEveryProblem()
    {
        await using var app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "Critical",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Triage:ImageLimits:MinSide", "0",
            "--Vision:Triage:DuplicateMaxHammingDistance", "40",
        ]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, failure => failure.Contains("Vision:Triage") && failure.Contains("MinSide"));
        Assert.Contains(error.Failures, failure => failure.Contains("DuplicateMaxHammingDistance"));
    }

    [Fact]
    public async Task TriageSettings_AreReadFromConfiguration()
    {
        await using var app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Triage:DuplicateWindow", "7.00:00:00",
            "--Vision:Triage:Exif:MaxMetadataSegments", "32",
        ]);

        var options = app.Services.GetRequiredService<IOptions<TriageOptions>>().Value;

        Assert.Equal((TimeSpan.FromDays(7), 32, 64), (options.DuplicateWindow, options.Exif.MaxMetadataSegments, options.ImageLimits.MinSide));
        Assert.IsType<Vision.Storage.ReportPhotoIndex>(app.Services.GetRequiredService<IReportPhotoIndex>());
    }
}
