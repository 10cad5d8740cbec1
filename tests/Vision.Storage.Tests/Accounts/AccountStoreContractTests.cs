using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vision.Storage.Accounts;
using Vision.Storage.Tests.Support;

namespace Vision.Storage.Tests.Accounts;

/// <summary>Local accounts on every engine: hashing, lockout, disable and reset; run once on SQLite and once on PostgreSQL.</summary>
public abstract class AccountStoreContractTests
{
    private const string Password = "Huế-đêm-trăng-2026";
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    protected abstract Task<SqlDialect> CreateDialectAsync();

    private async Task<(AccountStore Accounts, ViolationDatabase Database)> NewStoreAsync()
    {
        var database = new ViolationDatabase(await CreateDialectAsync(), _time, NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var policy = new LockoutPolicy { MaxFailedAttempts = 3, Duration = TimeSpan.FromMinutes(15) };
        return (new AccountStore(database, policy, NullLogger<AccountStore>.Instance), database);
    }

    [Fact]
    public async Task Add_StoresAPasswordHasherHash_NeverThePassword_AndSignsIn()
    {
        var (accounts, database) = await NewStoreAsync();
        Assert.True(await accounts.AddAsync(" An.Nguyen ", "Nguyễn Văn An", ["officer", "auditor"], Password, CancellationToken.None));
        Assert.False(await accounts.AddAsync("an.nguyen", "Someone else", ["administrator"], Password, CancellationToken.None));

        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            var hash = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT password_hash FROM accounts WHERE username = 'an.nguyen'");
            Assert.DoesNotContain(Password, hash!, StringComparison.Ordinal);
            Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<LocalAccount>().VerifyHashedPassword(null!, hash!, Password));
        }

        var result = await accounts.SignInAsync("AN.NGUYEN", Password, CancellationToken.None);
        Assert.Equal(SignInOutcome.SignedIn, result.Outcome);
        Assert.Equal(("an.nguyen", "Nguyễn Văn An"), (result.Account!.Username, result.Account.DisplayName));
        Assert.Equal(["auditor", "officer"], result.Account.Roles);
        Assert.Equal(Start, result.Account.LastSignInAt);
    }

    [Fact]
    public async Task WrongPasswords_LockTheAccount_EvenForTheRightPassword_UntilTheLockoutEnds()
    {
        var (accounts, _) = await NewStoreAsync();
        await accounts.AddAsync("binh", "Trần Bình", ["officer"], Password, CancellationToken.None);

        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.SignInAsync("binh", "wrong-password-1", CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.SignInAsync("binh", "wrong-password-2", CancellationToken.None)).Outcome);
        var third = await accounts.SignInAsync("binh", "wrong-password-3", CancellationToken.None);
        Assert.Equal((SignInOutcome.LockedOut, Start.AddMinutes(15)), (third.Outcome, third.LockedUntil));

        var whileLocked = await accounts.SignInAsync("binh", Password, CancellationToken.None);
        Assert.Equal(SignInOutcome.LockedOut, whileLocked.Outcome);

        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(SignInOutcome.SignedIn, (await accounts.SignInAsync("binh", Password, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task GuessesSentAllAtOnce_AreCheckedNoMoreThanTheLockoutAllows()
    {
        // Thirty guesses in parallel: each used to pass the lock check before any of them was counted.
        var (accounts, _) = await NewStoreAsync();
        await accounts.AddAsync("dung", "Phạm Dũng", ["officer"], Password, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => accounts.SignInAsync("dung", $"guess-{i}", CancellationToken.None))));

        // Three guesses allowed (the policy of this store): at most two answered as wrong, the third locks, the rest are refused unchecked.
        Assert.InRange(results.Count(r => r.Outcome == SignInOutcome.InvalidCredentials), 0, 2);
        Assert.Equal(30, results.Count(r => r.Outcome is SignInOutcome.InvalidCredentials or SignInOutcome.LockedOut));
        Assert.Equal(SignInOutcome.LockedOut, (await accounts.SignInAsync("dung", Password, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task ADisabledAccountsRightPassword_NeverCountsTowardsALockout()
    {
        var (accounts, _) = await NewStoreAsync();
        await accounts.AddAsync("em", "Võ Em", ["officer"], Password, CancellationToken.None);
        await accounts.DisableAsync("em", CancellationToken.None);

        var outcomes = new List<SignInOutcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add((await accounts.SignInAsync("em", Password, CancellationToken.None)).Outcome);
        }

        Assert.All(outcomes, outcome => Assert.Equal(SignInOutcome.Disabled, outcome));
    }

    [Fact]
    public async Task ASuccessfulSignIn_ClearsTheCountOfWrongPasswords()
    {
        var (accounts, _) = await NewStoreAsync();
        await accounts.AddAsync("chi", "Lê Chi", ["supervisor"], Password, CancellationToken.None);
        await accounts.SignInAsync("chi", "wrong-password-1", CancellationToken.None);
        await accounts.SignInAsync("chi", "wrong-password-2", CancellationToken.None);
        Assert.Equal(SignInOutcome.SignedIn, (await accounts.SignInAsync("chi", Password, CancellationToken.None)).Outcome);

        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.SignInAsync("chi", "wrong-password-3", CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.SignInAsync("chi", "wrong-password-4", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Disable_RefusesSignIn_AndReset_ChangesPasswordStampAndEnables()
    {
        var (accounts, _) = await NewStoreAsync();
        await accounts.AddAsync("dung", "Phạm Dũng", ["officer"], Password, CancellationToken.None);
        var stampBefore = (await accounts.FindAsync("dung", CancellationToken.None))!.SecurityStamp;

        Assert.True(await accounts.DisableAsync("dung", CancellationToken.None));
        Assert.Equal(SignInOutcome.Disabled, (await accounts.SignInAsync("dung", Password, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.SignInAsync("dung", "wrong-password-1", CancellationToken.None)).Outcome);
        var disabled = (await accounts.FindAsync("dung", CancellationToken.None))!;
        Assert.True(disabled.Disabled);
        Assert.NotEqual(stampBefore, disabled.SecurityStamp);

        Assert.True(await accounts.ResetPasswordAsync("dung", "a-new-password-2027", CancellationToken.None));
        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.SignInAsync("dung", Password, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.SignedIn, (await accounts.SignInAsync("dung", "a-new-password-2027", CancellationToken.None)).Outcome);
        Assert.NotEqual(disabled.SecurityStamp, (await accounts.FindAsync("dung", CancellationToken.None))!.SecurityStamp);

        Assert.False(await accounts.DisableAsync("nobody", CancellationToken.None));
        Assert.False(await accounts.ResetPasswordAsync("nobody", "a-new-password-2027", CancellationToken.None));
    }

    [Fact]
    public async Task UnknownUsers_AndHostileNames_AreWrongCredentials_NotErrors()
    {
        var (accounts, _) = await NewStoreAsync();
        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.SignInAsync("ghost", Password, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.SignInAsync("anyone\0\u001b[31m" + new string('x', 10_000), Password, CancellationToken.None)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await accounts.SignInAsync("ghost", new string('p', 1_000_000), CancellationToken.None)).Outcome);
        await Assert.ThrowsAsync<ArgumentException>(() => accounts.AddAsync("bad name", "x", ["officer"], Password, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => accounts.AddAsync("short", "x", ["officer"], "too-short", CancellationToken.None));
    }

    [Fact]
    public async Task ASignInSession_LastsUntilSignedOutOrItsEnd_AndOnlyForItsOwnAccount()
    {
        var (_, database) = await NewStoreAsync();
        var sessions = new SignInSessionStore(database);
        var first = await sessions.StartAsync("chi", TimeSpan.FromHours(12), CancellationToken.None);
        var second = await sessions.StartAsync("chi", TimeSpan.FromHours(12), CancellationToken.None);
        Assert.NotEqual(first, second);
        Assert.True(await sessions.IsActiveAsync(first, "chi", CancellationToken.None));
        Assert.False(await sessions.IsActiveAsync(first, "dung", CancellationToken.None));
        // Another id: its first character changed (a random id may well begin with "0" already).
        Assert.False(await sessions.IsActiveAsync((first[0] == '0' ? "1" : "0") + first[1..], "chi", CancellationToken.None));

        Assert.True(await sessions.EndAsync(first, CancellationToken.None));
        Assert.False(await sessions.EndAsync(first, CancellationToken.None));
        Assert.False(await sessions.IsActiveAsync(first, "chi", CancellationToken.None));
        Assert.True(await sessions.IsActiveAsync(second, "chi", CancellationToken.None));

        _time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromMilliseconds(1));
        Assert.True(await sessions.IsActiveAsync(second, "chi", CancellationToken.None));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(await sessions.IsActiveAsync(second, "chi", CancellationToken.None));

        await sessions.StartAsync("dung", TimeSpan.FromHours(1), CancellationToken.None);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        Assert.Equal(1L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM sign_in_sessions"));
    }

    [Fact]
    public async Task TheKeyRing_KeepsEveryKeyOnce_InTheOrderStored()
    {
        var (_, database) = await NewStoreAsync();
        var keys = new KeyRingStore(database);
        Assert.Empty(await keys.AllAsync(CancellationToken.None));

        await keys.AddAsync("key-1", "<key id=\"1\"><expires>2027-03-07</expires></key>", CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(80));
        await keys.AddAsync("key-2", "<key id=\"2\"/>", CancellationToken.None);
        await keys.AddAsync("key-1", "<key id=\"1\" replaced=\"true\"/>", CancellationToken.None);

        Assert.Equal(["<key id=\"1\"><expires>2027-03-07</expires></key>", "<key id=\"2\"/>"], await keys.AllAsync(CancellationToken.None));
    }
}

public sealed class SqliteAccountStoreTests : AccountStoreContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-accounts-" + Guid.NewGuid().ToString("N")[..12]);

    protected override Task<SqlDialect> CreateDialectAsync() =>
        Task.FromResult<SqlDialect>(new SqliteDialect(Path.Combine(_folder, "vision.db"), TimeSpan.FromSeconds(10)));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountStoreTests(PostgresFixture postgres) : AccountStoreContractTests
{
    protected override async Task<SqlDialect> CreateDialectAsync() => new PostgresDialect(await postgres.NewDatabaseAsync());
}
