namespace Vision.Storage.Accounts;

/// <summary>What usernames, display names and passwords may be; checked before anything is stored or hashed.</summary>
public static class AccountNames
{
    public const int MaxUsernameLength = 64;
    public const int MaxDisplayNameLength = 128;
    public const int MinPasswordLength = 12;

    /// <summary>Bounded so a sign-in form cannot make the hasher work on megabytes.</summary>
    public const int MaxPasswordLength = 256;

    /// <summary>The stored form of a username (lower case, trimmed), or null when it is not a valid one.</summary>
    public static string? NormalizeUsername(string? username)
    {
        var trimmed = username?.Trim().ToLowerInvariant();
        return trimmed is { Length: > 0 and <= MaxUsernameLength } && trimmed.All(IsUsernameCharacter) ? trimmed : null;
    }

    /// <summary>Why <paramref name="username"/> cannot be a username, or null when it can.</summary>
    public static string? CheckUsername(string? username) => NormalizeUsername(username) is null
        ? $"a username is 1–{MaxUsernameLength} characters of a–z, 0–9, '.', '_', '-' and '@'"
        : null;

    public static string? CheckDisplayName(string displayName) =>
        displayName.Length > MaxDisplayNameLength || displayName.Any(char.IsControl)
            ? $"a display name is at most {MaxDisplayNameLength} characters without control characters"
            : null;

    public static string? CheckPassword(string password) =>
        password.Length is < MinPasswordLength or > MaxPasswordLength || password.Any(char.IsControl)
            ? $"a password is {MinPasswordLength}–{MaxPasswordLength} characters without control characters"
            : null;

    private static bool IsUsernameCharacter(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' or '@';
}
