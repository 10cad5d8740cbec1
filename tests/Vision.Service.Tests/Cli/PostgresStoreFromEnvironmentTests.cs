using Vision.Service.Tests.Support;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Cli;

/// <summary>The command line finds a PostgreSQL store in VISION_POSTGRES: its password stays out of shell history and the process list.</summary>
public sealed class PostgresStoreFromEnvironmentTests
{
    [Fact]
    public async Task Accounts_AreKeptInThePostgresStoreTheEnvironmentNames()
    {
        await using var cluster = await TemporaryPostgresCluster.StartAsync(durable: false, CancellationToken.None);
        var connection = await cluster.CreateDatabaseAsync("vision_cli", CancellationToken.None);
        var environment = new Dictionary<string, string> { ["VISION_POSTGRES"] = connection };
        // No store on the command line, and none in the working folder: only the environment's can be meant.
        var elsewhere = Directory.CreateTempSubdirectory("vision-cli-cwd-").FullName;

        var added = await VisionCli.RunWithEnvironmentAsync(environment, "sông-Hương-2026!", "users", "add", "officer7", "--role", "officer", "--name", "Cán bộ Hoa");
        var listed = await VisionCli.RunWithEnvironmentAsync(environment, null, "users", "list");
        var inPostgres = await VisionCli.RunAsync(null, "users", "list", "--postgres", connection);
        var sqliteStillWins = await VisionCli.RunWithEnvironmentAsync(environment, null, "users", "list", "--sqlite", Path.Combine(elsewhere, "vision.db"));

        Assert.True(added.ExitCode == 0, added.Output);
        Assert.True(listed.ExitCode == 0, listed.Output);
        Assert.Contains("officer7", listed.Output, StringComparison.Ordinal);
        Assert.Contains("officer7", inPostgres.Output, StringComparison.Ordinal); // the account went to PostgreSQL, not a default SQLite file
        Assert.Equal(1, sqliteStillWins.ExitCode); // a store named on the command line wins: that one does not exist
        Assert.False(File.Exists(Path.Combine(elsewhere, "vision.db")));
    }
}
