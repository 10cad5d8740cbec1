using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vision.Pipeline.Tests.Support;
using Vision.Service.Hosting;
using Vision.Service.Security;
using Vision.Service.Tests.Review;
using Vision.Service.Tests.Support;
using Vision.Storage.Accounts;

namespace Vision.Service.Tests.Security;

/// <summary>People sign in at /signin with local accounts of the real service's store; sessions, lockout and anti-forgery.</summary>
[Collection(ReviewServiceCollection.Name)]
public sealed class SignInTests(ReviewServiceFixture service)
{
    private const string Password = "sông-Hương-2026!";

    private AccountStore Accounts => service.Services.GetRequiredService<AccountStore>();

    /// <summary>A second service on the fixture's store, installed in a folder of its own, started; the caller disposes it.</summary>
    private async Task<(WebApplication App, Uri Address)> StartAnotherNodeAsync(string folder, params string[] settings)
    {
        var installedElsewhere = Directory.CreateDirectory(Path.Combine(service.Folder, folder)).FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(installedElsewhere, "appsettings.json"));
        var app = VisionApp.Build(
        [
            "--contentRoot", installedElsewhere,
            "--urls", "http://127.0.0.1:0",
            "--Vision:ModelDirectory", TestAssets.ModelDirectory,
            "--Logging:LogLevel:Default", "Warning",
            "--Vision:Metrics:PrometheusPort", "0",
            "--Vision:Cameras:0:Enabled", "false",
            "--Vision:Storage:SqlitePath", Path.Combine(service.Folder, "vision.db"),
            "--Vision:Evidence:StoreDirectory", Path.Combine(installedElsewhere, "evidence"),
            .. settings,
        ]);
        await app.StartAsync();
        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()));
    }

    private async Task<string> NewOfficerAsync(string name)
    {
        var username = name + "-" + Guid.NewGuid().ToString("N")[..6];
        Assert.True(await Accounts.AddAsync(username, "Cán bộ " + name, ["officer"], Password, CancellationToken.None));
        return username;
    }

    [Fact]
    public async Task TheSignInPage_IsVietnameseFirst_WithTheFormFieldsAndAnAntiForgeryToken()
    {
        using var browser = new BrowserSession(service.Address);
        var (status, html) = await browser.GetAsync("/signin?returnUrl=%2Freview%3Fcamera%3Dhue-le-loi-1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.Contains("Đăng nhập", html, StringComparison.Ordinal);
        Assert.Contains("Tên đăng nhập", html, StringComparison.Ordinal);
        Assert.Contains("Mật khẩu", html, StringComparison.Ordinal);
        Assert.Contains("name=\"username\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"password\" type=\"password\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"returnUrl\" value=\"/review?camera=hue-le-loi-1\"", html, StringComparison.Ordinal);
        Assert.NotNull(browser.FormToken);
    }

    [Fact]
    public async Task TheRightPassword_StartsASession_AndGoesBackToTheLocalPage()
    {
        var username = await NewOfficerAsync("an");
        using var browser = new BrowserSession(service.Address);

        var (status, location, _) = await browser.SignInAsync(username, Password, "/review/pending");

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/review/pending", location);
        Assert.NotNull(browser.SessionCookie);
        var (_, signOutPage) = await browser.GetAsync("/signout");
        Assert.Contains("Cán bộ an", signOutPage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("account disabled")]
    [InlineData("signed out")]
    public async Task TheQueuesLiveStream_EndsWhenItsSessionDoes(string how)
    {
        var username = await NewOfficerAsync("dung");
        using var browser = new BrowserSession(service.Address);
        await browser.SignInAsync(username, Password, "/review");
        using var stream = await browser.OpenStreamAsync("/live/violations");
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);

        if (how == "account disabled")
        {
            Assert.True(await Accounts.DisableAsync(username, CancellationToken.None));
        }
        else
        {
            await browser.GetAsync("/signout");
            Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/signout", new Dictionary<string, string>())).Status);
        }

        // The stream ends (its reads come to the end) instead of going on telling the queue's violations to whoever holds it.
        await using var body = await stream.Content.ReadAsStreamAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        while (await body.ReadAsync(buffer, bound.Token) > 0)
        {
        }
    }

    [Fact]
    public async Task ASessionAndAFormFromOneNode_HoldOnAnotherNodeOfTheSameStore()
    {
        // A second service on the same store, installed elsewhere: a node beside this one, or this one after a restart.
        var (other, otherAddress) = await StartAnotherNodeAsync("another-node");
        await using var _ = other;
        var username = await NewOfficerAsync("giang");
        using var here = new BrowserSession(service.Address);
        await here.SignInAsync(username, Password, "/review");
        var (_, signOutForm) = await here.GetAsync("/signout");
        Assert.Contains("Cán bộ giang", signOutForm, StringComparison.Ordinal);
        using var there = new BrowserSession(otherAddress);
        foreach (Cookie cookie in here.Cookies.GetAllCookies())
        {
            there.Cookies.Add(otherAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        var (status, page) = await there.GetAsync("/signout");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Cán bộ giang", page, StringComparison.Ordinal);
        // The sign-out form loaded from the first node is accepted by the second, and ends the session on both.
        var (signedOut, _, _) = await there.PostAsync("/signout", new Dictionary<string, string> { ["__RequestVerificationToken"] = here.FormToken! }, withToken: false);
        Assert.Equal(HttpStatusCode.Redirect, signedOut);
        Assert.Equal(HttpStatusCode.Redirect, (await here.GetAsync("/review")).Status);
        await other.StopAsync();
    }

    [Fact]
    public async Task AFormPostedAfterTheSessionEnded_GoesToTheSignInPage_ThatReturnsToItsPage()
    {
        var username = await NewOfficerAsync("hoa");
        using var browser = new BrowserSession(service.Address);
        await browser.SignInAsync(username, Password, "/review");
        await browser.GetAsync("/signout");
        var token = browser.FormToken!;
        await browser.PostAsync("/signout", new Dictionary<string, string>());

        // The officer's decision form, sent from a page left open past the session's end.
        var (status, location, _) = await browser.PostAsync("/violations/hue-le-loi-1-redlight-7?handler=Decide",
            new Dictionary<string, string> { ["decision"] = "Confirmed", ["__RequestVerificationToken"] = token }, withToken: false);

        Assert.Equal((HttpStatusCode.Redirect, "/signin?returnUrl=%2Fviolations%2Fhue-le-loi-1-redlight-7"), (status, location));
        // A filtered page's filters come back with it.
        var (_, filtered, _) = await browser.PostAsync("/queue?camera=hue-le-loi-1&handler=Claim",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token }, withToken: false);
        Assert.Equal("/signin?returnUrl=%2Fqueue%3Fcamera%3Dhue-le-loi-1", filtered);
    }

    [Fact]
    public async Task SignInAttemptsFromOneAddress_BeyondTheBurst_AreRefusedWith429AndRetryAfter_BeforeAnyPasswordIsChecked()
    {
        var (limited, address) = await StartAnotherNodeAsync("sign-in-limit",
            "--Vision:Security:RateLimits:SignInBurst", "3", "--Vision:Security:RateLimits:SignInAttemptsPerMinute", "1");
        await using var _ = limited;
        var username = await NewOfficerAsync("hoa");
        using var browser = new BrowserSession(address);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            statuses.Add((await browser.SignInAsync("nobody-" + attempt, "sai-mật-khẩu-2026")).Status);
        }

        var refused = await browser.SignInAsync(username, Password);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("retry in", refused.Html, StringComparison.Ordinal);
        // Refused before the password was checked: the right password signed nobody in.
        Assert.Null((await Accounts.FindAsync(username, CancellationToken.None))!.LastSignInAt);
    }

    [Fact]
    public async Task AReturnUrlWithVietnameseLetters_IsFollowedPercentEncoded_NotABlankServerError()
    {
        var username = await NewOfficerAsync("chau");
        using var browser = new BrowserSession(service.Address);

        var (status, location, _) = await browser.SignInAsync(username, Password, "/queue?camera=lê lợi");

        Assert.Equal((HttpStatusCode.Redirect, "/queue?camera=l%C3%AA%20l%E1%BB%A3i"), (status, location));
    }

    [Theory]
    [InlineData("https://evil.example/review")]
    [InlineData("//evil.example/review")]
    [InlineData("/\\evil.example")]
    [InlineData("review")]
    public async Task AReturnUrlOffTheSite_GoesToTheStartPageInstead(string returnUrl)
    {
        var username = await NewOfficerAsync("binh");
        using var browser = new BrowserSession(service.Address);

        var (status, location, _) = await browser.SignInAsync(username, Password, returnUrl);

        Assert.Equal((HttpStatusCode.Redirect, "/"), (status, location));
    }

    [Fact]
    public async Task AWrongPassword_IsRefusedWithoutSession_AndFiveLockTheAccountEvenForTheRightOne()
    {
        var username = await NewOfficerAsync("chi");
        using var browser = new BrowserSession(service.Address);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var (status, _, html) = await browser.SignInAsync(username, "not-the-password-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("Tên đăng nhập hoặc mật khẩu không đúng", html, StringComparison.Ordinal);
        }

        var (fifthStatus, _, fifth) = await browser.SignInAsync(username, "not-the-password-5");
        Assert.Equal(HttpStatusCode.Unauthorized, fifthStatus);
        Assert.Contains("Tài khoản tạm khoá", fifth, StringComparison.Ordinal);

        var (lockedStatus, _, locked) = await browser.SignInAsync(username, Password);
        Assert.Equal(HttpStatusCode.Unauthorized, lockedStatus);
        Assert.Contains("Tài khoản tạm khoá", locked, StringComparison.Ordinal);
        Assert.Null(browser.SessionCookie);
    }

    [Fact]
    public async Task APostWithoutTheAntiForgeryToken_IsRefused()
    {
        var username = await NewOfficerAsync("dung");
        using var browser = new BrowserSession(service.Address);
        await browser.GetAsync("/signin");

        var (status, _, html) = await browser.PostAsync("/signin",
            new Dictionary<string, string> { ["username"] = username, ["password"] = Password, ["returnUrl"] = "/" }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Biểu mẫu đã hết hạn", html, StringComparison.Ordinal);
        Assert.Null(browser.SessionCookie);
    }

    [Fact]
    public async Task HostileUsernames_AreWrongCredentials_AndNeverEchoedRaw()
    {
        using var browser = new BrowserSession(service.Address);
        var (status, _, html) = await browser.SignInAsync("<script>alert(1)</script>\u001b[31m" + new string('x', 25_000), Password);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisablingTheAccount_EndsItsOpenSession()
    {
        var username = await NewOfficerAsync("em");
        using var browser = new BrowserSession(service.Address);
        await browser.SignInAsync(username, Password);
        Assert.Contains("Cán bộ em", (await browser.GetAsync("/signout")).Html, StringComparison.Ordinal);

        Assert.True(await Accounts.DisableAsync(username, CancellationToken.None));

        Assert.DoesNotContain("Cán bộ em", (await browser.GetAsync("/signout")).Html, StringComparison.Ordinal);
        Assert.Null(browser.SessionCookie);
    }

    [Fact]
    public async Task SigningOut_EndsTheSession()
    {
        var username = await NewOfficerAsync("giang");
        using var browser = new BrowserSession(service.Address);
        await browser.SignInAsync(username, Password);
        await browser.GetAsync("/signout");

        var (status, location, _) = await browser.PostAsync("/signout", new Dictionary<string, string>());

        Assert.Equal((HttpStatusCode.Redirect, "/signin"), (status, location));
        Assert.Null(browser.SessionCookie);
        Assert.DoesNotContain("Cán bộ giang", (await browser.GetAsync("/signout")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOut_EndsTheSessionOnTheServer_SoACopyOfItsCookieStopsWorking_WhileTheOfficersOtherSessionsGoOn()
    {
        var username = await NewOfficerAsync("hanh");
        using var officer = new BrowserSession(service.Address);
        await officer.SignInAsync(username, Password);
        using var copied = new BrowserSession(service.Address);
        copied.Cookies.Add(service.Address, new Cookie(VisionAuthentication.SessionCookieName, officer.SessionCookie!));
        using var otherDevice = new BrowserSession(service.Address);
        await otherDevice.SignInAsync(username, Password);
        Assert.Contains("Cán bộ hanh", (await copied.GetAsync("/signout")).Html, StringComparison.Ordinal);

        await officer.GetAsync("/signout");
        await officer.PostAsync("/signout", new Dictionary<string, string>());

        Assert.DoesNotContain("Cán bộ hanh", (await copied.GetAsync("/signout")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await copied.GetAsync("/queue")).Status);
        Assert.Contains("Cán bộ hanh", (await otherDevice.GetAsync("/signout")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstOfficer_CreatedWithTheCommandLine_CanSignIn()
    {
        var username = "officer-" + Guid.NewGuid().ToString("N")[..6];
        var (exitCode, output) = await VisionCli.RunAsync(Password,
            "users", "add", username, "--role", "officer,supervisor", "--name", "Nguyễn Thị Hoa", "--sqlite", Path.Combine(service.Folder, "vision.db"));
        Assert.True(exitCode == 0, output);
        Assert.Contains($"{username}: added with roles officer,supervisor.", output, StringComparison.Ordinal);

        using var browser = new BrowserSession(service.Address);
        var (status, _, _) = await browser.SignInAsync(username, Password);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains("Nguyễn Thị Hoa", (await browser.GetAsync("/signout")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandLine_RefusesUnknownRolesAndShortPasswords_AndResetsForgottenOnes()
    {
        var store = Path.Combine(service.Folder, "vision.db");
        var username = "officer-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(2, (await VisionCli.RunAsync(Password, "users", "add", username, "--role", "chief", "--sqlite", store)).ExitCode);
        Assert.Equal(2, (await VisionCli.RunAsync("short", "users", "add", username, "--role", "officer", "--sqlite", store)).ExitCode);
        Assert.Equal(0, (await VisionCli.RunAsync(Password, "users", "add", username, "--role", "officer", "--sqlite", store)).ExitCode);
        Assert.Equal(1, (await VisionCli.RunAsync(Password, "users", "add", username, "--role", "officer", "--sqlite", store)).ExitCode);

        Assert.Equal(0, (await VisionCli.RunAsync(null, "users", "disable", username, "--sqlite", store)).ExitCode);
        using var browser = new BrowserSession(service.Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(username, Password)).Status);

        Assert.Equal(0, (await VisionCli.RunAsync("a-brand-new-password", "users", "reset", username, "--sqlite", store)).ExitCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(username, "a-brand-new-password")).Status);
    }
}
