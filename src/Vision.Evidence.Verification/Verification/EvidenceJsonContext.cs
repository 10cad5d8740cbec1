using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Vision.Evidence.Verification;

/// <summary>
/// Source-generated JSON for the manifest: camelCase, indented, no reflection (the CLI verifier links this file).
/// Vietnamese text is written as is, not as \u escapes, so the manifest reads plainly.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(EvidenceManifest))]
public sealed partial class EvidenceJsonContext : JsonSerializerContext
{
    /// <summary>The context the manifest is written and read with.</summary>
    public static EvidenceJsonContext Manifest { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    });
}
