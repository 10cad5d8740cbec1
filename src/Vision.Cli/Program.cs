using Grpc.Core;
using Grpc.Net.Client;
using Vision.Cli;

// Every failure is one line and a non-zero exit code (a missing file, a bad address, an unreachable store), never a
// stack trace: the command line is used by officers and operators.
try
{
    return await RunAsync(args);
}
catch (RpcException error)
{
    Console.Error.WriteLine(PhotoCommand.Describe(error));
    return 1;
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    Console.Error.WriteLine($"vision: {error.Message}");
    return 1;
}

static async Task<int> RunAsync(string[] args)
{
    // vision analyze <photo> [--server URL] [--resolution standard|high]
    // vision verify <package-folder> [--public-key key.pem [--public-key retired.pem ...] | --server URL]
    // vision public-key [--server URL]
    // vision plates export-corrections --since DATE OUT (the store and evidence only; see CorrectionsCommand.Usage)
    if (args.Length > 1 && args[0] == "plates" && args[1] == "export-corrections")
    {
        return await CorrectionsCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
    }

    // vision plates read|evaluate ... (local, with the models; the vision-plates tool, see Vision.Cli.Plates)
    if (args.Length > 0 && args[0] == "plates")
    {
        return await PlatesTool.RunAsync(args[1..], Console.Error, CancellationToken.None);
    }

    // vision users add|disable|reset|list ...   (local accounts, written to the store directly)
    // vision keys add|revoke|list ...            (API keys for the report backend and gateways, in the store)
    if (args.Length >= 1 && args[0] == "users")
    {
        return await UsersCommand.RunAsync(args, Console.In, Console.Out, Console.Error, CancellationToken.None);
    }

    if (args.Length >= 1 && args[0] == "keys")
    {
        return await KeysCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
    }

    if (args.Length < 1 || (args[0] is "analyze" or "verify" && args.Length < 2) || args[0] is not ("analyze" or "verify" or "public-key"))
    {
        Console.Error.WriteLine("usage: vision analyze <photo> [--server http://127.0.0.1:5180] [--resolution standard|high] [--api-key vk_…]");
        Console.Error.WriteLine("       vision verify <package-folder> [--public-key key.pem [--public-key retired.pem ...] | --server http://127.0.0.1:5180]");
        Console.Error.WriteLine("       vision public-key [--server http://127.0.0.1:5180]");
        Console.Error.WriteLine("       vision plates read|evaluate ... (vision plates for details)");
        Console.Error.WriteLine("       vision plates export-corrections --since DATE OUT ...");
        Console.Error.WriteLine("       vision users add|disable|reset|list ...");
        Console.Error.WriteLine("       vision keys add|revoke|list ...");
        return 2;
    }

    var problem = args[0] == "verify"
        ? CliOptions.Problem(args, 1, ["--public-key", "--server", "--api-key"], 1, 1)
        : args[0] == "analyze"
            ? CliOptions.Problem(args, 1, ["--server", "--resolution", "--api-key"], 1, 1)
            : CliOptions.Problem(args, 1, ["--server", "--api-key"], 0, 0);
    if (problem is not null)
    {
        Console.Error.WriteLine($"vision {args[0]}: {problem}.");
        return 2;
    }

    var server = CliOptions.Value(args, "--server") ?? Environment.GetEnvironmentVariable("VISION_SERVER") ?? "http://127.0.0.1:5180";
    var apiKey = CliOptions.Value(args, "--api-key") ?? Environment.GetEnvironmentVariable("VISION_API_KEY");
    if (apiKey is { Length: > 0 } && ServerAddress.SendsSecretsInClear(server))
    {
        Console.Error.WriteLine($"vision {args[0]}: the API key is not sent in clear to {server}: use https:// (plain http only to this machine).");
        return 2;
    }

    GrpcChannel OpenChannel() => GrpcChannel.ForAddress(server, new GrpcChannelOptions
    {
        MaxSendMessageSize = null,
        HttpHandler = apiKey is { Length: > 0 } ? new ApiKeyHeaderHandler(apiKey) : null,
        DisposeHttpClient = true,
    });

    if (args[0] == "verify")
    {
        // The service is asked only without a key file; a bad address then means nothing could be checked (exit 3).
        return await VerifyCommand.RunAsync(CliOptions.Arguments(args, 1)[0], CliOptions.Values(args, "--public-key"), OpenChannel, Console.Out, Console.Error, CancellationToken.None);
    }

    using var channel = OpenChannel();

    if (args[0] == "public-key")
    {
        Console.Write(await VerifyCommand.FetchPublicKeyPemAsync(channel, CancellationToken.None));
        return 0;
    }

    var response = await PhotoCommand.AnalyzeAsync(channel, CliOptions.Arguments(args, 1)[0], CliOptions.Value(args, "--resolution"), CancellationToken.None);
    PhotoCommand.Print(response, Console.Out);
    return 0;
}
