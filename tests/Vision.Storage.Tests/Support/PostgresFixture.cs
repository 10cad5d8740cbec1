namespace Vision.Storage.Tests.Support;

/// <summary>One throwaway PostgreSQL server for the whole test run; each test class makes its own databases.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private int _databases;

    public TemporaryPostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TemporaryPostgresCluster.StartAsync(durable: false, CancellationToken.None);

    public Task<string> NewDatabaseAsync() =>
        Cluster.CreateDatabaseAsync($"vision_test_{Interlocked.Increment(ref _databases)}", CancellationToken.None);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
