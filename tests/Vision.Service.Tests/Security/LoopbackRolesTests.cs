using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;
using Vision.Service.Security;

namespace Vision.Service.Tests.Security;

/// <summary>What a credential-less caller on the loopback interface is given, as configured.</summary>
public sealed class LoopbackRolesTests
{
    [Fact]
    public async Task ConfiguredLoopbackRoles_ReplaceTheDefault_InsteadOfBeingAddedToIt()
    {
        // The configuration binder appends to an array that has values: configuring camera-gateway alone still gave
        // every proxied network caller report-backend too.
        await using var app = Build("--Vision:Security:LoopbackRoles:0", VisionRoles.CameraGateway);

        Assert.Equal([VisionRoles.CameraGateway], SecurityOf(app).GrantedLoopbackRoles);
    }

    [Fact]
    public async Task Unconfigured_TheSampleGatewayAndTheReportBackendWorkWithoutSetUp()
    {
        await using var app = Build();

        Assert.Equal([VisionRoles.CameraGateway, VisionRoles.ReportBackend], SecurityOf(app).GrantedLoopbackRoles);
    }

    [Fact]
    public async Task LoopbackWithoutCredentialsTurnedOff_GivesNoRole()
    {
        await using var app = Build("--Vision:Security:AllowLoopbackWithoutCredentials", "false");

        Assert.Empty(SecurityOf(app).GrantedLoopbackRoles);
    }

    private static SecurityOptions SecurityOf(Microsoft.AspNetCore.Builder.WebApplication app) =>
        app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;

    private static Microsoft.AspNetCore.Builder.WebApplication Build(params string[] settings) => VisionApp.Build(
    [
        "--urls", "http://127.0.0.1:0",
        "--Vision:ModelDirectory", TestAssets.ModelDirectory,
        "--Vision:Cameras:0:Enabled", "false",
        .. settings,
    ]);
}
