using Vision.Storage.Tests.Support;

namespace Vision.Storage.Tests;

/// <summary>The store contract on an embedded SQLite file (WAL), one fresh file per store.</summary>
public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-sqlite-" + Guid.NewGuid().ToString("N")[..12]);

    protected override Task<SqlDialect> CreateDialectAsync() =>
        Task.FromResult<SqlDialect>(new SqliteDialect(Path.Combine(_folder, Guid.NewGuid().ToString("N")[..8], "vision.db"), TimeSpan.FromSeconds(10)));

    [Fact]
    public async Task Migrate_CreatesTheFileInWalMode()
    {
        var dialect = (SqliteDialect)await CreateDialectAsync();
        var store = new StoreUnderTest(dialect, new ManualTimeProvider(ViolationSamples.Morning), DeliveryTrigger.OnConfirmation);
        await store.Database.MigrateAsync(CancellationToken.None);

        Assert.True(File.Exists(dialect.FilePath));
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
