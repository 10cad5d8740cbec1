namespace Vision.Cli;

/// <summary>Reads <c>--name value</c> options from the command line.</summary>
internal static class CliOptions
{
    public static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
