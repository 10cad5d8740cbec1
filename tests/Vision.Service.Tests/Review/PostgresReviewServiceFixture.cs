using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Review;

/// <summary>The review service fixture with Vision:Storage:Provider = Postgres on a throwaway PostgreSQL server.</summary>
public sealed class PostgresReviewServiceFixture : ReviewServiceFixture
{
    private TemporaryPostgresCluster? _cluster;

    protected override async Task<IReadOnlyList<string>> StorageArgumentsAsync()
    {
        _cluster = await TemporaryPostgresCluster.StartAsync(durable: false, CancellationToken.None);
        var connectionString = await _cluster.CreateDatabaseAsync("vision_service", CancellationToken.None);
        return ["--Vision:Storage:Provider", "Postgres", "--Vision:Storage:PostgresConnectionString", connectionString];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresReviewServiceCollection : ICollectionFixture<PostgresReviewServiceFixture>
{
    public const string Name = "review service on postgres";
}
