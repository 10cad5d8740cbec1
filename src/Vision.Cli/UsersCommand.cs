using Microsoft.Extensions.Logging.Abstractions;
using Vision.Storage.Accounts;

namespace Vision.Cli;

/// <summary>
/// <c>vision users add|disable|reset|list</c>: local accounts for people who sign in at /signin. Passwords are read
/// from the terminal without echo, or as the first line of standard input when it is redirected.
/// </summary>
internal static class UsersCommand
{
    public const string Usage = """
        usage: vision users add <username> --role officer[,supervisor,...] [--name "Display name"] [--sqlite data/vision.db | --postgres "..."]
               vision users disable <username> [store]
               vision users reset <username> [store]       (new password; enables and unlocks the account)
               vision users list [store]
        roles: camera-gateway, report-backend, officer, supervisor, administrator, auditor
        """;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var verb = args.Length > 1 ? args[1] : string.Empty;
        var username = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null;
        if (verb is not ("add" or "disable" or "reset" or "list") || (verb != "list" && username is null))
        {
            error.WriteLine(Usage);
            return 2;
        }

        string[] storeOptions = ["--sqlite", "--postgres"];
        if (CliOptions.Problem(args, 2, verb == "add" ? ["--role", "--name", .. storeOptions] : storeOptions, verb == "list" ? 0 : 1, verb == "list" ? 0 : 1) is { } usageProblem)
        {
            error.WriteLine($"vision users {verb}: {usageProblem}.");
            error.WriteLine(Usage);
            return 2;
        }

        if (username is not null && AccountNames.CheckUsername(username) is { } badName)
        {
            error.WriteLine($"vision users: {badName}.");
            return 2;
        }

        // Everything typed is checked before the store is opened: "add" creates a store, and a refused command must not
        // leave a new empty one behind (where a mistyped path would then be taken for a real store).
        string[] roles = [];
        var displayName = username ?? string.Empty;
        if (verb == "add")
        {
            roles = (CliOptions.Value(args, "--role") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (roles.Length == 0 || roles.Any(r => !VisionRoles.All.Contains(r)))
            {
                error.WriteLine($"vision users add: --role must name one or more of {string.Join(", ", VisionRoles.All)}.");
                return 2;
            }

            displayName = CliOptions.Value(args, "--name") ?? username!;
            if (AccountNames.CheckDisplayName(displayName) is { } badDisplayName)
            {
                error.WriteLine($"vision users add: {badDisplayName}.");
                return 2;
            }
        }

        var password = verb is "add" or "reset" ? ReadPassword(input, error) : null;
        if (verb is "add" or "reset" && password is null)
        {
            return 2;
        }

        var database = await StoreConnection.OpenAsync(CliOptions.Value(args, "--sqlite"), CliOptions.Value(args, "--postgres"), mayCreate: verb == "add", cancellationToken);
        var accounts = new AccountStore(database, new LockoutPolicy(), NullLogger<AccountStore>.Instance);
        switch (verb)
        {
            case "list":
                foreach (var account in await accounts.ListAsync(cancellationToken))
                {
                    var state = account.Disabled ? "disabled" : account.LockedUntil > DateTimeOffset.UtcNow ? $"locked until {account.LockedUntil:u}" : "active";
                    output.WriteLine($"{account.Username}\t{string.Join(',', account.Roles)}\t{state}\t{account.DisplayName}");
                }

                return 0;
            case "disable":
                return Report(await accounts.DisableAsync(username!, cancellationToken), $"{username}: disabled; its sessions end.", username!, output, error);
            case "reset":
                return Report(await accounts.ResetPasswordAsync(username!, password!, cancellationToken),
                    $"{username}: new password set; the account is enabled and unlocked, earlier sessions end.", username!, output, error);
        }

        if (!await accounts.AddAsync(username!, displayName, roles, password!, cancellationToken))
        {
            error.WriteLine($"vision users add: '{AccountNames.NormalizeUsername(username)}' already exists (use reset for a new password).");
            return 1;
        }

        output.WriteLine($"{AccountNames.NormalizeUsername(username)}: added with roles {string.Join(',', roles)}.");
        return 0;
    }

    private static int Report(bool found, string message, string username, TextWriter output, TextWriter error)
    {
        if (!found)
        {
            error.WriteLine($"vision users: no account '{AccountNames.NormalizeUsername(username)}'.");
            return 1;
        }

        output.WriteLine(message);
        return 0;
    }

    /// <summary>The new password: typed twice without echo on a terminal, or the first line of redirected input.</summary>
    private static string? ReadPassword(TextReader input, TextWriter error)
    {
        string? password;
        if (Console.IsInputRedirected || input != Console.In)
        {
            password = input.ReadLine();
        }
        else
        {
            password = Prompt("Mật khẩu mới / New password: ");
            if (Prompt("Nhập lại / Repeat: ") != password)
            {
                error.WriteLine("vision users: the two passwords differ.");
                return null;
            }
        }

        if (password is null)
        {
            error.WriteLine("vision users: no password given.");
            return null;
        }

        if (AccountNames.CheckPassword(password) is { } problem)
        {
            error.WriteLine($"vision users: {problem}.");
            return null;
        }

        return password;
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var typed = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return typed.ToString();
    }
}
