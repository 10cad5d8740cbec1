namespace Vision.Storage.Schema;

/// <summary>One numbered step of the schema, written once in portable SQL (<c>{identity}</c>, <c>{blob}</c> filled in per engine).</summary>
public sealed record SchemaMigration(int Version, string Description, string PortableSql);
