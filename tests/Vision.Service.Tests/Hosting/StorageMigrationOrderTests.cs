using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vision.Service.Hosting;
using Vision.Storage;

namespace Vision.Service.Tests.Hosting;

/// <summary>The store is migrated before any hosted service starts, whatever the order the services were registered in.</summary>
public sealed class StorageMigrationOrderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vision-migration-order-").FullName;

    [Fact]
    public async Task A_service_registered_before_the_migration_finds_the_store_migrated_when_it_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new ViolationDatabase(SqlDialect.For(new StorageOptions { SqlitePath = Path.Combine(_folder, "vision.db") }),
            TimeProvider.System, NullLogger<ViolationDatabase>.Instance));
        builder.Services.AddSingleton<AlertSignal>();
        builder.Services.AddSingleton<AlertLog>();
        builder.Services.AddSingleton<ReadsAlertsAtStart>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ReadsAlertsAtStart>());
        builder.Services.AddHostedService<StorageMigrationService>();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        // An empty, migrated store: no alert yet. Unmigrated, the read fails on the missing table and start-up with it.
        Assert.Equal(0, host.Services.GetRequiredService<ReadsAlertsAtStart>().LatestPositionAtStart);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Reads the store as it starts, like the cameras' evidence recorder and the alert relays do.</summary>
    private sealed class ReadsAlertsAtStart(AlertLog alerts) : IHostedService
    {
        public long? LatestPositionAtStart { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken) => LatestPositionAtStart = await alerts.LatestPositionAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
