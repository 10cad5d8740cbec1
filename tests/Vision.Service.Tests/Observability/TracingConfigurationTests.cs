using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Vision.Service.Tracing;

namespace Vision.Service.Tests.Observability;

/// <summary>The tracing registration the service uses, in a bare host: off by default, and a configuration the exporter could not use stops start-up.</summary>
public sealed class TracingConfigurationTests
{
    [Fact]
    public async Task ByDefault_TracingIsOff_NoTracerProviderListens()
    {
        await using var app = Host();

        await app.StartAsync();

        Assert.Null(app.Services.GetService<TracerProvider>());
        await app.StopAsync();
    }

    [Fact]
    public async Task Enabled_WithAnOtlpCollectorOverHttp_ExportsToItsTracesPath_WithTheHeadersAndTimeout()
    {
        await using var app = Host(
            "--Vision:Tracing:Enabled", "true",
            "--Vision:Tracing:OtlpEndpoint", "http://otel-collector.hue.internal:4318",
            "--Vision:Tracing:OtlpProtocol", "HttpProtobuf",
            "--Vision:Tracing:OtlpHeaders", "x-tenant=hue,api-key=abc",
            "--Vision:Tracing:ExportTimeout", "00:00:05");

        await app.StartAsync();

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        var exporter = app.Services.GetRequiredService<IOptionsMonitor<OtlpExporterOptions>>().Get(TracingRegistration.ExporterName);
        Assert.Equal((new Uri("http://otel-collector.hue.internal:4318/v1/traces"), OtlpExportProtocol.HttpProtobuf, "x-tenant=hue,api-key=abc", 5000),
            (exporter.Endpoint, exporter.Protocol, exporter.Headers, exporter.TimeoutMilliseconds));
        await app.StopAsync();
    }

    [Fact]
    public async Task Enabled_WithoutACollector_RefusesToStart_NamingTheSetting()
    {
        await using var app = Host("--Vision:Tracing:Enabled", "true");

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(["Vision:Tracing:OtlpEndpoint must be an absolute http:// or https:// address of an OTLP collector when tracing is enabled."], refused.Failures);
    }

    [Fact]
    public async Task Enabled_WithSettingsTheExporterCannotUse_RefusesToStart_NamingEachOne()
    {
        await using var app = Host(
            "--Vision:Tracing:Enabled", "true",
            "--Vision:Tracing:OtlpEndpoint", "ftp://otel-collector:4317",
            "--Vision:Tracing:OtlpHeaders", "api-key",
            "--Vision:Tracing:ExportTimeout", "00:00:00",
            "--Vision:Tracing:SampleRatio", "1.5");

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            "Vision:Tracing:OtlpEndpoint must be an absolute http:// or https:// address of an OTLP collector when tracing is enabled.",
            "Vision:Tracing:OtlpHeaders must be name=value pairs separated by commas.",
            "Vision:Tracing:ExportTimeout must be more than zero and at most 5 minutes.",
            "Vision:Tracing:SampleRatio must be between 0 and 1.",
        ], refused.Failures);
        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    private static WebApplication Host(params string[] args)
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", .. args]);
        builder.Services.AddVisionTracing(builder.Configuration);
        return builder.Build();
    }
}
