using System.Net;
using System.Text.RegularExpressions;

namespace Vision.Service.Tests.Support;

/// <summary>
/// A browser-like client of the service's web pages: keeps cookies, does not follow redirects, and sends back the
/// anti-forgery token of the last form it loaded. Speaks HTTP/2 with prior knowledge, as the service's endpoints do.
/// </summary>
public sealed partial class BrowserSession : IDisposable
{
    private readonly HttpClient _client;

    public BrowserSession(Uri address)
    {
        _client = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The session cookie, when signed in.</summary>
    public string? SessionCookie => Cookies.GetAllCookies().FirstOrDefault(c => c.Name == "vision.session")?.Value;

    /// <summary>The anti-forgery token of the last page loaded with a form.</summary>
    public string? FormToken { get; private set; }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await _client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Remember(html);
        return (response.StatusCode, html);
    }

    /// <summary>Opens a response that streams (server-sent events); the caller reads and disposes it.</summary>
    public Task<HttpResponseMessage> OpenStreamAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Accept.ParseAdd("text/event-stream");
        return _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Posts a form (with the remembered anti-forgery token unless <paramref name="withToken"/> is false).</summary>
    public async Task<(HttpStatusCode Status, string? Location, string Html)> PostAsync(string path, IReadOnlyDictionary<string, string> fields, bool withToken = true)
    {
        var values = fields.ToDictionary();
        if (withToken && FormToken is not null)
        {
            values["__RequestVerificationToken"] = FormToken;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new FormUrlEncodedContent(values),
        };
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await _client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Remember(html);
        return (response.StatusCode, response.Headers.Location?.OriginalString, html);
    }

    /// <summary>Loads the sign-in form and submits it.</summary>
    public async Task<(HttpStatusCode Status, string? Location, string Html)> SignInAsync(string username, string password, string returnUrl = "/")
    {
        await GetAsync("/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        return await PostAsync("/signin", new Dictionary<string, string> { ["username"] = username, ["password"] = password, ["returnUrl"] = returnUrl });
    }

    /// <summary>A browser signed in as a new officer account made for the test.</summary>
    public static async Task<BrowserSession> SignedInOfficerAsync(Uri address, Vision.Storage.Accounts.AccountStore accounts)
    {
        const string Password = "sông-Hương-2026!";
        var username = "web-officer-" + Guid.NewGuid().ToString("N")[..6];
        Assert.True(await accounts.AddAsync(username, "Cán bộ web", ["officer"], Password, CancellationToken.None));
        var browser = new BrowserSession(address);
        await browser.SignInAsync(username, Password);
        return browser;
    }

    public void Dispose() => _client.Dispose();

    private void Remember(string html)
    {
        if (FormTokenPattern().Match(html) is { Success: true } match)
        {
            FormToken = WebUtility.HtmlDecode(match.Groups[1].Value);
        }
    }

    // Razor's form tag helper writes type="hidden" between the name and the value; the sign-in page does not.
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"")]
    private static partial Regex FormTokenPattern();
}
