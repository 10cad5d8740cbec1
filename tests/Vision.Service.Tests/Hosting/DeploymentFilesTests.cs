using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;

namespace Vision.Service.Tests.Hosting;

/// <summary>The shipped deployment files give a stopping node the time the service takes to drain.</summary>
public sealed partial class DeploymentFilesTests
{
    [Fact]
    public async Task ContainersAndTheSystemdUnit_WaitLongerThanTheServicesShutdown_BeforeKillingIt()
    {
        await using var app = VisionApp.Build(["--urls", "http://127.0.0.1:0", "--Vision:ModelDirectory", TestAssets.ModelDirectory]);
        var shutdown = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var compose = await File.ReadAllTextAsync(Path.Combine(TestAssets.RepositoryRoot, "deploy", "compose.yaml"));
        var unit = await File.ReadAllTextAsync(Path.Combine(TestAssets.RepositoryRoot, "deploy", "systemd", "vision@.service"));

        var composeGrace = ComposeGracePeriod().Match(compose);
        var unitGrace = UnitStopTimeout().Match(unit);

        Assert.True(composeGrace.Success, "deploy/compose.yaml sets no stop_grace_period (Docker kills after 10 s)");
        Assert.True(unitGrace.Success, "the systemd unit sets no TimeoutStopSec");
        Assert.True(Seconds(composeGrace) > shutdown, $"compose stop_grace_period {composeGrace.Value} is not longer than the service's {shutdown}");
        Assert.True(Seconds(unitGrace) > shutdown, $"systemd {unitGrace.Value} is not longer than the service's {shutdown}");
    }

    private static TimeSpan Seconds(Match match) => TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^\s*stop_grace_period:\s*(\d+)s\s*$", RegexOptions.Multiline)]
    private static partial Regex ComposeGracePeriod();

    [GeneratedRegex(@"^TimeoutStopSec=(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex UnitStopTimeout();
}
