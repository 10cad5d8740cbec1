using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vision.Domain.StreetOrder;
using Vision.Pipeline.StreetOrder;
using Vision.Service.Hosting;
using Vision.Storage;

namespace Vision.Service.Tests.Hosting;

/// <summary>
/// What a camera reports while it drains at shutdown is written, though the occupancy writer is registered after the
/// cameras (as in the service) and the host stops services in the reverse order.
/// </summary>
public sealed class ZoneOccupancyShutdownTests : IDisposable
{
    private static readonly DateTimeOffset Hour = new(2026, 9, 7, 1, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("vision-occupancy-shutdown-").FullName;

    [Fact]
    public async Task A_report_a_camera_makes_as_it_stops_is_written_to_the_store()
    {
        var database = new ViolationDatabase(SqlDialect.For(new StorageOptions { SqlitePath = Path.Combine(_folder, "vision.db") }),
            TimeProvider.System, NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var store = new ZoneOccupancyStore(database);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<ZoneOccupancyWriter>();
        builder.Services.AddSingleton<IZoneOccupancySink>(provider => provider.GetRequiredService<ZoneOccupancyWriter>());
        builder.Services.AddHostedService<CameraReportingAsItDrains>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ZoneOccupancyWriter>());
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        var cell = Assert.Single(await store.ProfileAsync(Hour, Hour.AddHours(1), TimeZoneInfo.Utc, CancellationToken.None));
        Assert.Equal(("hue-le-loi-1", "east sidewalk", 1800.0), (cell.CameraId, cell.ZoneName, cell.ObservedSeconds));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A camera whose last frames, processed as it stops, close an hour of sidewalk occupancy.</summary>
    private sealed class CameraReportingAsItDrains(IZoneOccupancySink occupancy) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            occupancy.Report(new ZoneOccupancyHour("hue-le-loi-1", "east sidewalk", Hour, Hour, 1800, 900, 1800, 0.7, 2));
            return Task.CompletedTask;
        }
    }
}
