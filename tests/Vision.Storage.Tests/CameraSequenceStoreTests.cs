using Microsoft.Extensions.Logging.Abstractions;
using Vision.Storage.Tests.Support;

namespace Vision.Storage.Tests;

public sealed class CameraSequenceStoreTests
{
    [Fact]
    public async Task TheLastAcceptedSequences_SurviveReopeningTheStore()
    {
        var folder = Directory.CreateTempSubdirectory("vision-sequences-").FullName;
        try
        {
            var path = Path.Combine(folder, "vision.db");
            var first = await OpenAsync(path);
            await first.SaveAsync([("gw-1", 41), ("gw-2", 7)], CancellationToken.None);
            await first.SaveAsync([("gw-1", 42)], CancellationToken.None);

            var reopened = await OpenAsync(path);

            var loaded = await reopened.LoadAsync(CancellationToken.None);
            Assert.Equal(42, loaded["gw-1"]);
            Assert.Equal(7, loaded["gw-2"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<CameraSequenceStore> OpenAsync(string path)
    {
        var database = new ViolationDatabase(new SqliteDialect(path, TimeSpan.FromSeconds(5)), TimeProvider.System, NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        return new CameraSequenceStore(database, TimeProvider.System);
    }
}
