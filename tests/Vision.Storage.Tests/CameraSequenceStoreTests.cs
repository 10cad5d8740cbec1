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
            var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);
            await first.SaveAsync([("gw-1", 41), ("gw-2", 7)], CancellationToken.None);
            await first.SaveAsync([("gw-1", 42)], CancellationToken.None);

            var reopened = await OpenAsync(path);

            var loaded = await reopened.LoadAsync(CancellationToken.None);
            Assert.Equal(42, loaded["gw-1"].Sequence);
            Assert.Equal(7, loaded["gw-2"].Sequence);
            // When it was saved bounds the capture time of the frame it names (a jump after a long outage is judged by it).
            Assert.InRange(loaded["gw-1"].SavedAt, before, DateTimeOffset.UtcNow);
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
