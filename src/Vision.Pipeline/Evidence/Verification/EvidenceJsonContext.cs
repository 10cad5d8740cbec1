using System.Text.Json.Serialization;

namespace Vision.Pipeline.Evidence.Verification;

/// <summary>Source-generated JSON for the manifest: camelCase, indented, no reflection (the CLI verifier links this file).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(EvidenceManifest))]
public sealed partial class EvidenceJsonContext : JsonSerializerContext;
