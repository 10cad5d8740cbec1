using Microsoft.Extensions.Logging.Abstractions;
using Vision.Domain.Cameras;
using Vision.Storage.Accounts;

namespace Vision.Cli;

/// <summary>
/// <c>vision keys add|revoke|list</c>: API keys for the report backend and camera gateways, written to the store; the
/// running service sees a new or revoked key on the next call (rotate: add the new key, move the client, revoke the old).
/// </summary>
internal static class KeysCommand
{
    public const string Usage = """
        usage: vision keys add --name "Hue-S report backend" --role report-backend [--sqlite data/vision.db | --postgres "..."]
               vision keys add --name "gateway Lê Lợi" --role camera-gateway --camera hue-le-loi-1[,hue-le-loi-2] [store]
               vision keys revoke <key-id> [store]
               vision keys list [store]
        """;

    private static readonly string[] MachineRoles = [VisionRoles.CameraGateway, VisionRoles.ReportBackend];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var verb = args.Length > 1 ? args[1] : string.Empty;
        var keyId = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null;
        if (verb is not ("add" or "revoke" or "list") || (verb == "revoke" && keyId is null))
        {
            error.WriteLine(Usage);
            return 2;
        }

        string[] storeOptions = ["--sqlite", "--postgres"];
        var arguments = verb == "revoke" ? 1 : 0;
        if (CliOptions.Problem(args, 2, verb == "add" ? ["--name", "--role", "--camera", .. storeOptions] : storeOptions, arguments, arguments) is { } usageProblem)
        {
            error.WriteLine($"vision keys {verb}: {usageProblem}.");
            error.WriteLine(Usage);
            return 2;
        }

        string? role = null;
        string[] cameras = [];
        if (verb == "add")
        {
            role = CliOptions.Value(args, "--role");
            cameras = (CliOptions.Value(args, "--camera") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (role is null || !MachineRoles.Contains(role))
            {
                error.WriteLine($"vision keys add: --role must be {string.Join(" or ", MachineRoles)} (people sign in with `vision users`).");
                return 2;
            }

            if (role == VisionRoles.CameraGateway && cameras.Length == 0)
            {
                error.WriteLine("vision keys add: a camera-gateway key needs --camera with the ids of the cameras it may stream.");
                return 2;
            }

            if (cameras.FirstOrDefault(camera => !CameraIds.IsValid(camera)) is { } invalid)
            {
                // Such a key could never stream: the service's camera ids follow this rule, and the match is exact.
                error.WriteLine($"vision keys add: '{invalid}' is no camera id. {CameraIds.Rule}");
                return 2;
            }

            if (CliOptions.Value(args, "--name") is not { Length: > 0 })
            {
                error.WriteLine("vision keys add: --name is required (who holds the key, shown in logs and audits).");
                return 2;
            }
        }

        var database = await StoreConnection.OpenAsync(CliOptions.Value(args, "--sqlite"), CliOptions.Value(args, "--postgres"), mayCreate: verb == "add", cancellationToken);
        var keys = new ApiKeyStore(database, NullLogger<ApiKeyStore>.Instance);
        switch (verb)
        {
            case "list":
                foreach (var key in await keys.ListAsync(cancellationToken))
                {
                    var state = key.RevokedAt is { } revoked ? $"revoked {revoked:u}" : "active";
                    output.WriteLine($"{key.Id}\t{key.Role}\t{string.Join(',', key.Cameras)}\t{state}\t{key.Name}");
                }

                return 0;
            case "revoke":
                if (!await keys.RevokeAsync(keyId!, cancellationToken))
                {
                    error.WriteLine($"vision keys revoke: no active key '{keyId}'.");
                    return 1;
                }

                output.WriteLine($"{keyId}: revoked; calls with it are refused from now on.");
                return 0;
        }

        try
        {
            var (added, secret) = await keys.AddAsync(CliOptions.Value(args, "--name")!, role!, cameras, cancellationToken);
            output.WriteLine($"key id: {added.Id}");
            output.WriteLine($"key:    {secret}");
            output.WriteLine("Shown once: give it to the client (header x-api-key); the store keeps only its hash.");
            return 0;
        }
        catch (ArgumentException problem)
        {
            error.WriteLine($"vision keys add: {problem.Message}");
            return 2;
        }
    }
}
