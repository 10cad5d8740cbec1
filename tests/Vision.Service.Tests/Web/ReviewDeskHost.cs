using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Playwright;
using Vision.Domain.Violations;
using Vision.Service.Hosting;
using Vision.Service.Security;
using Vision.Service.Tests.EndToEnd;
using Vision.Service.Tests.Review;
using Vision.Service.Web;
using Vision.Storage;
using Vision.Storage.Accounts;
using Vision.Storage.Tests.Support;

namespace Vision.Service.Tests.Web;

/// <summary>
/// One real service for the browser tests (the rendered junction's scene on a gateway camera, the store holding 10 000
/// seeded violations of four other cameras, accounts for two officers and a supervisor) and Debian's Chromium driven by
/// Playwright. Screenshots and downloads go to <see cref="Artefacts"/> under the test output.
/// </summary>
public sealed class ReviewDeskHost : IAsyncLifetime
{
    public const string CameraId = "hue-junction-1";
    public const string Password = "sông-Hương-2026!";
    public const int SeededViolations = 10_000;
    public static readonly string[] SeededCameras = ["hue-seed-1", "hue-seed-2", "hue-seed-3", "hue-seed-4"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vision-web-" + Guid.NewGuid().ToString("N")[..12]);
    private FlakyOpen311Backend _backend = null!;
    private IPlaywright _playwright = null!;

    public WebApplication App { get; private set; } = null!;

    public Uri WebAddress { get; private set; } = null!;

    public GrpcChannel Channel { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Artefacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artefacts", "web")).FullName;

    public async Task InitializeAsync()
    {
        await RenderedJunctionService.WriteScenesAsync(_folder);
        _backend = await FlakyOpen311Backend.StartAsync(seed: 5, lateAnswer: TimeSpan.FromSeconds(0.2), refusedFraction: 0);
        App = VisionApp.Build([
            "--urls", "http://127.0.0.1:0", "--Vision:Web:Url", "http://127.0.0.1:0",
            "--Vision:Web:ReportThumbnailDirectory", Path.Combine(_folder, "report-desk"),
            // One triage at a time and none waiting, so a test holding the slot sees the desk's busy answer at once.
            "--Vision:Admission:TriagePhoto:MaxConcurrent", "1", "--Vision:Admission:TriagePhoto:MaxQueued", "0",
            // The shortest claim, renewed every 10 s: an open page learns within seconds that a colleague took it over.
            "--Vision:Web:ClaimDuration", "00:00:30",
            // Every officer of the tests signs in from this machine's address.
            "--Vision:Security:RateLimits:SignInBurst", "100000",
            .. RenderedJunctionService.Arguments(_folder, CameraId, _backend.BaseUrl)]);
        await App.StartAsync();
        WebAddress = App.Services.GetRequiredService<WebListener>().Address!;
        var grpc = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(address => new Uri(address).Port != WebAddress.Port);
        Channel = GrpcChannel.ForAddress(grpc);

        var accounts = App.Services.GetRequiredService<AccountStore>();
        Assert.True(await accounts.AddAsync("officer1", "Cán bộ Nguyễn Văn An", [VisionRoles.Officer], Password, CancellationToken.None));
        Assert.True(await accounts.AddAsync("officer2", "Cán bộ Trần Thị Bình", [VisionRoles.Officer], Password, CancellationToken.None));
        Assert.True(await accounts.AddAsync("supervisor1", "Đội trưởng Lê Văn Cường", [VisionRoles.Supervisor], Password, CancellationToken.None));
        await SeedAsync(App.Services.GetRequiredService<ViolationRecorder>());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // Root in CI has no user namespaces for Chromium's sandbox.
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        });
    }

    /// <summary>A fresh browser profile on a 1366×768 office screen, already signed in as <paramref name="username"/>.</summary>
    public async Task<IPage> SignedInPageAsync(string username, string path = "/queue")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = WebAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            AcceptDownloads = true,
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(path);
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=username]", username);
        await page.FillAsync("input[name=password]", Password);
        await page.ClickAsync("form button[type=submit]");
        // No navigation event is awaited: waiting for "load", and later for the URL at "commit", each hung in CI once the
        // redirect had already arrived (Playwright logged only "NetworkIdle"). The signed-in layout's sign-out form and
        // the document state are polled instead, which no missed event can hang; then the page must be the one asked for.
        await page.Locator("form[action='/signout']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.WaitForFunctionAsync("document.readyState === 'complete'");
        Assert.Equal(path.Split('?')[0], new Uri(page.Url).AbsolutePath);
        return page;
    }

    /// <summary>
    /// Waits until <paramref name="page"/>'s address contains <paramref name="fragment"/> and its document has loaded,
    /// by polling the document: as in <see cref="SignedInPageAsync"/>, an awaited navigation event (<c>WaitForURLAsync</c>
    /// after submitting the queue's filter) hung in CI once the page had arrived. The poll runs again in each new document.
    /// </summary>
    public static async Task ArrivedAtAsync(IPage page, string fragment) =>
        await page.WaitForFunctionAsync("fragment => location.href.includes(fragment) && document.readyState === 'complete'", fragment);

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artefacts, name + ".png"), FullPage = true });

    /// <summary>
    /// 10 000 violations over November 2026 on four other cameras, every kind, one a minute-ish, recorded as the pipeline
    /// records them, one after another: SQLite takes one writer at a time, and four seeding at once beside the junction
    /// camera's own recordings once waited out the 10 s busy timeout in a loaded CI run ("database is locked").
    /// </summary>
    private static async Task SeedAsync(ViolationRecorder recorder)
    {
        var kinds = Enum.GetValues<ViolationKind>();
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(7));
        for (var i = 1; i <= SeededViolations; i++)
        {
            var candidate = ViolationSamples.Candidate(i, start.AddMinutes(i * 3.7), SeededCameras[i % SeededCameras.Length], kinds[i % kinds.Length],
                plate: $"75H1{i:00000}", formatted: $"75-H1 {i / 100:000}.{i % 100:00}");
            Assert.True(await recorder.TryRecordAsync(candidate, null, CancellationToken.None));
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Channel?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        await _backend.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing background write; the temp folder is cleaned by the OS.
        }
    }
}
