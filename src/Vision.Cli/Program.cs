using Grpc.Core;
using Grpc.Net.Client;
using Vision.Cli;

// vision analyze <photo> [--server URL] [--resolution standard|high]
if (args.Length < 2 || args[0] != "analyze")
{
    Console.Error.WriteLine("usage: vision analyze <photo> [--server http://127.0.0.1:5180] [--resolution standard|high]");
    return 2;
}

var server = OptionValue(args, "--server") ?? Environment.GetEnvironmentVariable("VISION_SERVER") ?? "http://127.0.0.1:5180";
using var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { MaxSendMessageSize = null });
try
{
    var response = await PhotoCommand.AnalyzeAsync(channel, args[1], OptionValue(args, "--resolution"), CancellationToken.None);
    PhotoCommand.Print(response, Console.Out);
    return 0;
}
catch (RpcException error)
{
    Console.Error.WriteLine(PhotoCommand.Describe(error));
    return 1;
}

static string? OptionValue(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
