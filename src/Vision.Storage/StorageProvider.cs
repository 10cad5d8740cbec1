namespace Vision.Storage;

/// <summary>Which database engine holds the violations store.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file (the default: nothing to install or run).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for several service instances or a city-wide deployment.</summary>
    Postgres,
}
