using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Vision.Storage.Accounts;

/// <summary>
/// Local accounts in the store: passwords hashed with <see cref="PasswordHashing"/> (PBKDF2, salted, ASP.NET Core
/// Identity's format, re-hashed when the format improves), and sign-in locked for <see cref="LockoutPolicy.Duration"/> after
/// <see cref="LockoutPolicy.MaxFailedAttempts"/> wrong passwords in a row. Thread-safe; share one instance.
/// </summary>
public sealed partial class AccountStore(ViolationDatabase database, LockoutPolicy lockout, ILogger<AccountStore> logger)
{
    // Verified against when the username is unknown, so a wrong username costs as long as a wrong password.
    private static readonly string UnknownUserHash = PasswordHashing.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    private const string SelectColumns =
        "SELECT username, display_name, roles, password_hash, security_stamp, disabled, failed_attempts, locked_until_ms, created_ms, last_sign_in_ms FROM accounts";

    /// <summary>Creates an account; false when the username is taken.</summary>
    public async Task<bool> AddAsync(string username, string displayName, IReadOnlyCollection<string> roles, string password, CancellationToken cancellationToken)
    {
        var name = RequireUsername(username);
        Require(AccountNames.CheckDisplayName(displayName));
        Require(AccountNames.CheckPassword(password));
        var roleList = JoinRoles(roles);
        var nowMs = database.NowMs;
        await using var connection = await database.OpenAsync(cancellationToken);
        var added = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO accounts (username, display_name, roles, password_hash, security_stamp, disabled, failed_attempts, created_ms, changed_ms)
            VALUES (@Username, @DisplayName, @Roles, @PasswordHash, @Stamp, 0, 0, @NowMs, @NowMs)
            ON CONFLICT (username) DO NOTHING;
            """, new { Username = name, DisplayName = displayName.Trim(), Roles = roleList, PasswordHash = PasswordHashing.Hash(password), Stamp = NewStamp(), NowMs = nowMs },
            cancellationToken: cancellationToken));
        if (added == 1)
        {
            AccountAdded(logger, name, roleList);
        }

        return added == 1;
    }

    public async Task<LocalAccount?> FindAsync(string username, CancellationToken cancellationToken)
    {
        if (AccountNames.NormalizeUsername(username) is not { } name)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            SelectColumns + " WHERE username = @Username;", new { Username = name }, cancellationToken: cancellationToken));
        return row?.ToAccount();
    }

    public async Task<IReadOnlyList<LocalAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition(SelectColumns + " ORDER BY username;", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToAccount()).ToList();
    }

    /// <summary>Disables an account and ends its sessions; false when there is no such account.</summary>
    public async Task<bool> DisableAsync(string username, CancellationToken cancellationToken)
    {
        var name = RequireUsername(username);
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET disabled = 1, security_stamp = @Stamp, changed_ms = @NowMs WHERE username = @Username;",
            new { Username = name, Stamp = NewStamp(), NowMs = database.NowMs }, cancellationToken: cancellationToken));
        if (changed == 1)
        {
            AccountDisabled(logger, name);
        }

        return changed == 1;
    }

    /// <summary>
    /// Sets a new password, enables the account, clears any lockout and ends every earlier session (for a forgotten
    /// password, a returning officer or a suspected leak); false when there is no such account.
    /// </summary>
    public async Task<bool> ResetPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        var name = RequireUsername(username);
        Require(AccountNames.CheckPassword(password));
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE accounts SET password_hash = @PasswordHash, security_stamp = @Stamp, disabled = 0, failed_attempts = 0,
                locked_until_ms = NULL, changed_ms = @NowMs
            WHERE username = @Username;
            """, new { Username = name, PasswordHash = PasswordHashing.Hash(password), Stamp = NewStamp(), NowMs = database.NowMs },
            cancellationToken: cancellationToken));
        if (changed == 1)
        {
            PasswordReset(logger, name);
        }

        return changed == 1;
    }

    /// <summary>
    /// Checks a password. A locked account is refused without looking at the password; a wrong one counts towards
    /// the lockout; a right one clears the count. Unknown usernames take as long as wrong passwords.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string username, string password, CancellationToken cancellationToken)
    {
        var name = AccountNames.NormalizeUsername(username);
        if (name is null || password.Length > AccountNames.MaxPasswordLength)
        {
            PasswordHashing.Verify(UnknownUserHash, "x");
            return new SignInResult(SignInOutcome.InvalidCredentials);
        }

        var nowMs = database.NowMs;
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            SelectColumns + " WHERE username = @Username;", new { Username = name }, cancellationToken: cancellationToken));
        if (row is null)
        {
            PasswordHashing.Verify(UnknownUserHash, password);
            return new SignInResult(SignInOutcome.InvalidCredentials);
        }

        // The attempt is counted before the password is checked, in one statement with the lock check: concurrent guesses
        // would otherwise all pass a lock check none of them had counted yet (one lockout let through as many guesses as
        // were sent at once). A right password clears the count afterwards.
        var attempt = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            UPDATE accounts SET failed_attempts = failed_attempts + 1
            WHERE username = @Username AND (locked_until_ms IS NULL OR locked_until_ms <= @NowMs)
            RETURNING failed_attempts;
            """, new { Username = name, NowMs = nowMs }, cancellationToken: cancellationToken));
        if (attempt is null)
        {
            return await LockedOutAsync(connection, name, cancellationToken);
        }

        if (attempt > lockout.MaxFailedAttempts)
        {
            // Guesses beyond the allowance, sent while the last allowed ones were still being checked.
            return await LockAsync(connection, name, nowMs, cancellationToken);
        }

        var verification = PasswordHashing.Verify(row.PasswordHash, password);
        if (verification == PasswordCheck.Failed)
        {
            return attempt == lockout.MaxFailedAttempts
                ? await LockAsync(connection, name, nowMs, cancellationToken)
                : new SignInResult(SignInOutcome.InvalidCredentials);
        }

        if (row.Disabled != 0)
        {
            // The right password: not a guess to count towards a lockout.
            await connection.ExecuteAsync(new CommandDefinition("UPDATE accounts SET failed_attempts = 0 WHERE username = @Username;",
                new { Username = name }, cancellationToken: cancellationToken));
            return new SignInResult(SignInOutcome.Disabled);
        }

        // Only while the account is unlocked: a guess racing a lockout does not lift it. A better hash is written only over
        // the hash checked: a sign-in racing a password reset does not write the old password back over the new one (and
        // one racing another sign-in that re-hashed first keeps that hash).
        var rehash = verification == PasswordCheck.SuccessRehashNeeded ? PasswordHashing.Hash(password) : null;
        var signedIn = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE accounts SET failed_attempts = 0, locked_until_ms = NULL, last_sign_in_ms = @NowMs,
                password_hash = CASE WHEN password_hash = @CheckedHash THEN COALESCE(@Rehash, password_hash) ELSE password_hash END
            WHERE username = @Username AND (locked_until_ms IS NULL OR locked_until_ms <= @NowMs);
            """, new { Username = name, NowMs = nowMs, Rehash = rehash, CheckedHash = row.PasswordHash }, cancellationToken: cancellationToken));
        if (signedIn == 0)
        {
            var now = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
                SelectColumns + " WHERE username = @Username;", new { Username = name }, cancellationToken: cancellationToken));
            return now?.LockedUntilMs is { } until && until > nowMs
                ? new SignInResult(SignInOutcome.LockedOut, LockedUntil: DateTimeOffset.FromUnixTimeMilliseconds(until))
                : new SignInResult(SignInOutcome.InvalidCredentials);
        }

        return new SignInResult(SignInOutcome.SignedIn, (row with { FailedAttempts = 0, LockedUntilMs = null, LastSignInMs = nowMs }).ToAccount());
    }

    private async Task<SignInResult> LockAsync(System.Data.Common.DbConnection connection, string name, long nowMs, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.FromUnixTimeMilliseconds(nowMs + (long)lockout.Duration.TotalMilliseconds);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET failed_attempts = 0, locked_until_ms = @UntilMs WHERE username = @Username;",
            new { Username = name, UntilMs = until.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        AccountLocked(logger, name, lockout.MaxFailedAttempts, until);
        return new SignInResult(SignInOutcome.LockedOut, LockedUntil: until);
    }

    private static async Task<SignInResult> LockedOutAsync(System.Data.Common.DbConnection connection, string name, CancellationToken cancellationToken)
    {
        var lockedUntilMs = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT locked_until_ms FROM accounts WHERE username = @Username;", new { Username = name }, cancellationToken: cancellationToken));
        return new SignInResult(SignInOutcome.LockedOut, LockedUntil: lockedUntilMs is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null);
    }

    private static string RequireUsername(string username) =>
        AccountNames.NormalizeUsername(username) ?? throw new ArgumentException(AccountNames.CheckUsername(username), nameof(username));

    private static void Require(string? problem)
    {
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }
    }

    private static string JoinRoles(IReadOnlyCollection<string> roles)
    {
        if (roles.Count == 0 || roles.Any(r => r.Length == 0 || !r.All(c => c is (>= 'a' and <= 'z') or '-')))
        {
            throw new ArgumentException("an account needs at least one role, each of a–z and '-'.", nameof(roles));
        }

        return string.Join(',', roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Local account {Username} added with roles {Roles}")]
    private static partial void AccountAdded(ILogger logger, string username, string roles);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Local account {Username} disabled; its sessions end")]
    private static partial void AccountDisabled(ILogger logger, string username);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Local account {Username}: password reset, account enabled and unlocked; earlier sessions end")]
    private static partial void PasswordReset(ILogger logger, string username);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Local account {Username} locked after {Attempts} wrong passwords until {Until}")]
    private static partial void AccountLocked(ILogger logger, string username, int attempts, DateTimeOffset until);

    private sealed record AccountRow(
        string Username, string DisplayName, string Roles, string PasswordHash, string SecurityStamp, long Disabled,
        long FailedAttempts, long? LockedUntilMs, long CreatedMs, long? LastSignInMs)
    {
        public LocalAccount ToAccount() => new(Username, DisplayName, Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), SecurityStamp,
            Disabled != 0, (int)FailedAttempts,
            LockedUntilMs is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs),
            LastSignInMs is { } last ? DateTimeOffset.FromUnixTimeMilliseconds(last) : null);
    }
}
