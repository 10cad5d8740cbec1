using Vision.Storage;

namespace Vision.Service.Hosting;

/// <summary>
/// Creates and migrates the store at start-up, before any hosted service starts, wherever it is registered (the host
/// runs every <c>StartingAsync</c> before the first <c>StartAsync</c>), and so before the cameras, the evidence recorder
/// and the gRPC endpoints run; a broken database stops start-up.
/// </summary>
public sealed partial class StorageMigrationService(ViolationDatabase database, ILogger<StorageMigrationService> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var version = await database.MigrateAsync(cancellationToken);
        StoreReady(logger, database.Dialect.Provider, database.Dialect.Location, version);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Violations store ready on {Provider} at {Location}, schema version {Version}")]
    private static partial void StoreReady(ILogger logger, StorageProvider provider, string location, int version);
}
