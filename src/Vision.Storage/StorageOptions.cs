using System.ComponentModel.DataAnnotations;

namespace Vision.Storage;

/// <summary>Where violations, reviews, alerts and the delivery outbox are kept (configuration section <c>Vision:Storage</c>).</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Vision:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file (a relative path is resolved against the working directory; the full path is logged at start-up); created with its folder on start.</summary>
    public string SqlitePath { get; set; } = "data/vision.db";

    /// <summary>The Npgsql connection string, required when <see cref="Provider"/> is Postgres.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>How long a SQLite writer waits for another writer before giving up.</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult(
                "Vision:Storage:PostgresConnectionString is required when Vision:Storage:Provider is Postgres.",
                [nameof(PostgresConnectionString)]);
        }

        if (Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(SqlitePath))
        {
            yield return new ValidationResult("Vision:Storage:SqlitePath must name the SQLite file.", [nameof(SqlitePath)]);
        }

        if (SqliteBusyTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Vision:Storage:SqliteBusyTimeout must be positive.", [nameof(SqliteBusyTimeout)]);
        }
    }
}
