using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Cluster;

/// <summary>Cluster mode misconfigured stops start-up with a message naming the setting, before any NATS connection is tried.</summary>
public sealed class ClusterConfigurationTests
{
    [Theory]
    [InlineData(new[] { "--Vision:Cluster:NodeId", "node-1" }, "Vision:Cluster:NatsUrl is required")]
    [InlineData(new[] { "--Vision:Cluster:NatsUrl", "nats://127.0.0.1:1" }, "Vision:Cluster:NodeId is required")]
    [InlineData(new[] { "--Vision:Cluster:NatsUrl", "nats://127.0.0.1:1", "--Vision:Cluster:NodeId", "node 1" }, "NodeId is 1-64 letters")]
    [InlineData(new[] { "--Vision:Cluster:NatsUrl", "nats://127.0.0.1:1", "--Vision:Cluster:NodeId", "node-1" }, "set Vision:Storage:Provider to Postgres")]
    [InlineData(new[] { "--Vision:Cluster:NatsUrl", "nats://127.0.0.1:1", "--Vision:Cluster:NodeId", "node-1", "--Vision:Cluster:LeaseTtl", "00:00:01" },
        "LeaseTtl must be at least three")]
    public async Task ClusterMode_FailsFast_OnIncompleteConfiguration(string[] settings, string expectedMessage)
    {
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
                .. settings,
            ]);
            await app.StartAsync();
        });
        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterMode_CameraHealth_JudgesTheCamerasTheNodeHolds_NotTheIdleSupervisorPipelines()
    {
        // The sample camera is enabled; in a cluster its supervisor pipeline never takes a frame (owned cameras run their own).
        await using var app = VisionApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "None",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cluster:NatsUrl", "nats://127.0.0.1:1",
            "--Vision:Cluster:NodeId", "node-1",
            "--Vision:Storage:Provider", "Postgres",
            "--Vision:Storage:PostgresConnectionString", "Host=127.0.0.1;Port=1;Username=vision;Database=vision",
        ]);
        var check = app.Services.GetRequiredService<Vision.Service.HealthChecks.CameraFreshnessHealthCheck>();

        var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("cameras", check, null, null) });

        Assert.Equal((HealthStatus.Healthy, "No camera runs on this node."), (result.Status, result.Description));
    }
}
