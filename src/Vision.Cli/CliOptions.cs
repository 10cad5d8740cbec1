namespace Vision.Cli;

/// <summary>Reads <c>--name value</c> options from the command line, and refuses what it cannot read.</summary>
internal static class CliOptions
{
    public static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>Every value of an option given more than once (<c>--public-key old.pem --public-key new.pem</c>).</summary>
    public static IReadOnlyList<string> Values(string[] args, string name) =>
        [.. args.Select((arg, index) => (arg, index)).Where(a => a.arg == name && a.index + 1 < args.Length).Select(a => args[a.index + 1])];

    /// <summary>The arguments after <paramref name="firstArgument"/> that are neither an option nor its value (every option takes one).</summary>
    public static IReadOnlyList<string> Arguments(string[] args, int firstArgument)
    {
        var arguments = new List<string>();
        for (var i = firstArgument; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                i++;
            }
            else
            {
                arguments.Add(args[i]);
            }
        }

        return arguments;
    }

    /// <summary>
    /// What the command line after <paramref name="firstArgument"/> gets wrong, or null: an option the command does not
    /// know (<c>--publickey</c>), an option without its value (<c>--sqlite</c> last: the default store was used, a new
    /// one created), an option before the argument it displaced, or too many or too few arguments.
    /// </summary>
    public static string? Problem(string[] args, int firstArgument, IReadOnlyCollection<string> valueOptions, int minArguments, int maxArguments)
    {
        var arguments = 0;
        for (var i = firstArgument; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                arguments++;
                continue;
            }

            if (!valueOptions.Contains(args[i]))
            {
                return $"unknown option {args[i]} (this command takes {string.Join(", ", valueOptions)})";
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return $"{args[i]} needs a value";
            }

            i++;
        }

        return arguments < minArguments ? "an argument is missing"
            : arguments > maxArguments ? "too many arguments (an option's value with a space in it needs quotes)"
            : null;
    }
}
