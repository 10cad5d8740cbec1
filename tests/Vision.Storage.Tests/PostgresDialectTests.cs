using Npgsql;

namespace Vision.Storage.Tests;

/// <summary>How the PostgreSQL dialect completes the operator's connection string.</summary>
public sealed class PostgresDialectTests
{
    [Theory]
    [InlineData("Host=db;Database=vision", 64)]
    [InlineData("Host=db;Database=vision;Max Auto Prepare=0", 0)] // behind PgBouncer in transaction mode
    [InlineData("Host=db;Database=vision;maxautoprepare=0", 0)]
    [InlineData("Host=db;Database=vision;Max Auto Prepare=16", 16)]
    public void StatementsArePreparedAutomatically_UnlessTheConnectionStringSaysOtherwise(string connectionString, int expected)
    {
        using var connection = new PostgresDialect(connectionString).CreateConnection();

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(connection.ConnectionString).MaxAutoPrepare);
    }
}
