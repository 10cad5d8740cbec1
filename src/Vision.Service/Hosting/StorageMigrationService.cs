using Vision.Storage;

namespace Vision.Service.Hosting;

/// <summary>Creates and migrates the store at start-up, before the cameras and the gRPC endpoints run (a broken database stops start-up).</summary>
public sealed partial class StorageMigrationService(ViolationDatabase database, ILogger<StorageMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await database.MigrateAsync(cancellationToken);
        StoreReady(logger, database.Dialect.Provider, database.Dialect.Location, version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Violations store ready on {Provider} at {Location}, schema version {Version}")]
    private static partial void StoreReady(ILogger logger, StorageProvider provider, string location, int version);
}
