using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Vision.Storage.Accounts;

namespace Vision.Storage.Tests.Accounts;

/// <summary>
/// The store hashes passwords without ASP.NET Core, in ASP.NET Core Identity's format: every hash either side writes,
/// the other verifies with the same verdict, so accounts created by earlier versions still sign in.
/// </summary>
public sealed class PasswordHashingTests
{
    private const string Password = "Huế-đêm-trăng-2026";
    private static readonly PasswordHasher<LocalAccount> Identity = new();

    [Fact]
    public void Hash_IsVerifiedByIdentity_AsCurrent()
    {
        var hash = PasswordHashing.Hash(Password);

        Assert.Equal(PasswordVerificationResult.Success, Identity.VerifyHashedPassword(null!, hash, Password));
        Assert.Equal(PasswordVerificationResult.Failed, Identity.VerifyHashedPassword(null!, hash, Password + "x"));
        Assert.NotEqual(hash, PasswordHashing.Hash(Password));
    }

    public static TheoryData<string, int> IdentityFormats => new()
    {
        { nameof(PasswordHasherCompatibilityMode.IdentityV3), 100_000 },
        { nameof(PasswordHasherCompatibilityMode.IdentityV3), 10_000 },
        { nameof(PasswordHasherCompatibilityMode.IdentityV2), 0 },
    };

    [Theory]
    [MemberData(nameof(IdentityFormats))]
    public void IdentityHashes_VerifyWithIdentitysVerdict(string mode, int iterations)
    {
        var options = new PasswordHasherOptions { CompatibilityMode = Enum.Parse<PasswordHasherCompatibilityMode>(mode) };
        if (iterations > 0)
        {
            options.IterationCount = iterations;
        }

        var hash = new PasswordHasher<LocalAccount>(Options.Create(options)).HashPassword(null!, Password);

        var expected = Identity.VerifyHashedPassword(null!, hash, Password);
        Assert.Equal(expected.ToString(), PasswordHashing.Verify(hash, Password).ToString());
        Assert.Equal(iterations == 100_000 ? PasswordCheck.Success : PasswordCheck.SuccessRehashNeeded, PasswordHashing.Verify(hash, Password));
        Assert.Equal(PasswordCheck.Failed, PasswordHashing.Verify(hash, "Hue-dem-trang-2026"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all")]
    [InlineData("AQAAAAIAAYagAAAAEA==")]
    [InlineData("Ag==")]
    public void MalformedHashes_Fail(string hash) =>
        Assert.Equal(PasswordCheck.Failed, PasswordHashing.Verify(hash, Password));
}
