using System.Security.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vision.Service.Security;
using Vision.Storage;
using Vision.Storage.Accounts;

namespace Vision.Service.Tests.Security;

/// <summary>An open call's API key, watched against a real SQLite store that goes away for a while.</summary>
public sealed class CredentialWatchTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-watch-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task AStoreThatCannotAnswer_KeepsTheCallOpen_ARevokedKeyEndsIt()
    {
        Directory.CreateDirectory(_folder);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(7)));
        var database = new ViolationDatabase(new SqliteDialect(Path.Combine(_folder, "vision.db"), TimeSpan.FromSeconds(1)), time,
            NullLogger<ViolationDatabase>.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var keys = new ApiKeyStore(database, NullLogger<ApiKeyStore>.Instance);
        var (key, _) = await keys.AddAsync("gateway Phú Xuân", VisionRoles.CameraGateway, ["hue-phu-xuan-1"], CancellationToken.None);
        var check = new CredentialCheck(new AccountStore(database, new LockoutPolicy(), NullLogger<AccountStore>.Instance),
            new SignInSessionStore(database), keys, time);
        var gateway = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "key:" + key.Id), new Claim(VisionAuthentication.SourceClaimType, IdentitySources.ApiKey)], "test"));
        var watch = check.Watch(gateway);

        Assert.True(await watch.StandsAsync(CancellationToken.None));

        // The store's folder is away (a remount): asking fails, and the camera's ingest goes on.
        SqliteConnection.ClearAllPools();
        Directory.Move(_folder, _folder + "-away");
        time.Advance(CredentialCheck.Interval);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => keys.IsActiveAsync(key.Id, CancellationToken.None));
        Assert.True(await watch.StandsAsync(CancellationToken.None));

        // Back, and the key revoked meanwhile: the next check ends the call.
        SqliteConnection.ClearAllPools();
        Directory.Move(_folder + "-away", _folder);
        Assert.True(await keys.RevokeAsync(key.Id, CancellationToken.None));
        time.Advance(CredentialCheck.Interval);
        Assert.False(await watch.StandsAsync(CancellationToken.None));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in (string[])[_folder, _folder + "-away"])
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
