using Vision.Storage.Tests.Support;

namespace Vision.Storage.Tests;

/// <summary>The store contract on a real PostgreSQL server started for the tests, one fresh database per store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresFixture postgres) : StoreContractTests
{
    protected override async Task<SqlDialect> CreateDialectAsync() => new PostgresDialect(await postgres.NewDatabaseAsync());
}
