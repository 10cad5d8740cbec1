using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using PdfSharp.Pdf.IO;
using Vision.Domain.Triage;
using Vision.Domain.Violations;
using Vision.Evidence.Verification;
using Vision.Pipeline.Evidence;
using Vision.Pipeline.Tests.Support;
using Vision.Pipeline.Tests.Support.Rendering;
using Vision.Service.Admission;
using Vision.Service.Tests.Support;
using Vision.Service.Web.Localization;
using Vision.Storage;
using Vision.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Vision.Service.Tests.Web;

/// <summary>
/// The review desk in a real browser (Debian's Chromium through Playwright) against the real service: officers sign in,
/// watch violations from a real clip arrive in the queue, filter it, open one, play its clip, zoom the plate, correct
/// and confirm it while a second officer's decision on the same violation meets the conflict; a supervisor closes the
/// case; the dashboard draws its charts and the weekly PDF downloads with pages. Screenshots go to the artefacts folder.
/// </summary>
public sealed class ReviewDeskBrowserTests(ReviewDeskHost host, ITestOutputHelper output) : IClassFixture<ReviewDeskHost>
{
    [Fact]
    public async Task Officers_ReviewAViolationFromARealClip_InTheBrowser_WithLiveArrivalClaimsAndConflict()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        // The web pages decide and close through the review application service the gRPC Review service uses.
        using var caseReview = new RecordedMeasurements(Cases.CaseReview.MeterName);
        var officer = await host.SignedInPageAsync("officer1");

        // The queue over 10 000 stored violations: pending newest first, counted.
        await officer.GotoAsync("/queue");
        var queueTiming = await FirstRenderAsync(officer);
        Assert.Equal(ReviewDeskHost.SeededViolations.ToString("N0", WebCultures.VietnameseCulture),
            (await officer.Locator("[data-count=Pending]").InnerTextAsync()).Trim());
        Assert.Equal(50, await officer.Locator("#queue-rows tr").CountAsync());
        await host.ScreenshotAsync(officer, "queue-10000");

        // Filter to the junction camera (nothing yet), then stream the clip: its violations arrive without a reload.
        await officer.SelectOptionAsync("#camera", ReviewDeskHost.CameraId);
        await officer.ClickAsync("form.filters button[type=submit]");
        await ReviewDeskHost.ArrivedAtAsync(officer, "camera=hue-junction-1");
        Assert.Equal(0, await officer.Locator("#queue-rows tr").CountAsync());
        // A zero byte in a filter or an id is refused by name (PostgreSQL failed the query: a 500; SQLite an empty page).
        foreach (var address in new[] { "/queue?camera=%00", "/queue?handler=Row&id=a%00b" })
        {
            var zeroByte = await officer.APIRequest.GetAsync(address);
            Assert.Equal(400, zeroByte.Status);
        }

        Assert.Contains("'camera'", await (await officer.APIRequest.GetAsync("/queue?camera=%00")).TextAsync(), StringComparison.Ordinal);
        var alerts = host.App.Services.GetRequiredService<AlertLog>();
        var positionBeforeClip = await alerts.LatestPositionAsync(cancel.Token);
        await StreamClipAsync(cancel.Token);
        await officer.Locator("#queue-rows tr").Nth(1).WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        Assert.Equal(2, await officer.Locator("#queue-rows tr").CountAsync());
        Assert.Contains("2", await officer.Locator("#live-status").InnerTextAsync(), StringComparison.Ordinal);

        // The live stream resumes after the last event id a reconnecting browser sends.
        var resumed = await ViolationIdsAfterAsync(officer, positionBeforeClip);
        var junction = await host.App.Services.GetRequiredService<ReviewStore>()
            .ListAsync(new ViolationFilter(CameraId: ReviewDeskHost.CameraId), 10, null, cancel.Token);
        Assert.Equal(junction.Violations.Select(v => v.Id).Order(), resumed.Order());
        var redLight = Assert.Single(junction.Violations, v => v.Kind == ViolationKind.RedLight);
        var afterFirst = await ViolationIdsAfterAsync(officer, positionBeforeClip + 1);
        Assert.Single(afterFirst);
        // An arrival is the newest violation: it joins the first page of the queue, never an older one.
        var olderPage = (await host.App.Services.GetRequiredService<ReviewStore>().ListAsync(new ViolationFilter(), 50, null, cancel.Token)).NextPageToken!;
        var rowOnOlderPage = await officer.APIRequest.GetAsync(
            new Uri(host.WebAddress, $"queue?handler=Row&after={Uri.EscapeDataString(olderPage)}&id={Uri.EscapeDataString(redLight.Id)}").ToString());
        var rowOnFirstPage = await officer.APIRequest.GetAsync(new Uri(host.WebAddress, $"queue?handler=Row&id={Uri.EscapeDataString(redLight.Id)}").ToString());
        Assert.Equal((204, 200), (rowOnOlderPage.Status, rowOnFirstPage.Status));

        // Filter by kind, then j and Enter open the red-light violation.
        await officer.SelectOptionAsync("#kind", nameof(ViolationKind.RedLight));
        await officer.ClickAsync("form.filters button[type=submit]");
        await ReviewDeskHost.ArrivedAtAsync(officer, "kind=RedLight");
        Assert.Equal(1, await officer.Locator("#queue-rows tr").CountAsync());
        await host.ScreenshotAsync(officer, "queue-filtered");
        await officer.Keyboard.PressAsync("j");
        await officer.Keyboard.PressAsync("Enter");
        await ReviewDeskHost.ArrivedAtAsync(officer, "/violations/");
        var violationTiming = await FirstRenderAsync(officer);
        Assert.Equal("true", await officer.GetAttributeAsync("#evidence-badge", "data-verified"));
        Assert.Equal(3, await officer.Locator(".keyframes img").CountAsync());
        Assert.Contains("6.9.b", await officer.InnerTextAsync("#law-title + p"), StringComparison.Ordinal);
        // Evidence shows faces and plates: a shared station PC keeps none of it once the officer signs out.
        var evidenceFile = await officer.APIRequest.GetAsync(new Uri(host.WebAddress, $"evidence/{redLight.Evidence!.PackageId}/manifest.json").ToString());
        Assert.Equal((200, "no-store"), (evidenceFile.Status, evidenceFile.Headers["cache-control"]));

        // The clip plays in the browser and lasts as long as its frames took to capture (from the first to the last).
        var manifest = JsonSerializer.Deserialize(
            await File.ReadAllBytesAsync(Path.Combine(host.App.Services.GetRequiredService<LocalEvidenceStore>().Locate(redLight.Evidence!.PackageId)!, "manifest.json"),
                cancel.Token),
            EvidenceJsonContext.Manifest.EvidenceManifest)!;
        var captureSpan = (manifest.Clip!.LastCapturedAtUtc - manifest.Clip.FirstCapturedAtUtc).TotalSeconds;
        Assert.Equal(H264ClipEncoder.Codec, manifest.Clip.Codec);
        var clip = await officer.EvaluateAsync<JsonElement>("""
            async () => {
              const video = document.getElementById('clip');
              video.muted = true;
              await video.play();
              await new Promise(resolve => video.currentTime > 0 ? resolve() : video.addEventListener('timeupdate', resolve, { once: true }));
              return { paused: video.paused, duration: video.duration, width: video.videoWidth };
            }
            """);
        Assert.False(clip.GetProperty("paused").GetBoolean());
        Assert.InRange(clip.GetProperty("duration").GetDouble(), captureSpan, captureSpan + 0.11);
        Assert.Equal(StreetClip.Width, clip.GetProperty("width").GetInt32());

        // A second officer opens the same violation meanwhile and sees who is on it.
        var colleague = await host.SignedInPageAsync("officer2", $"/violations/{redLight.Id}");
        Assert.Contains("officer1", await colleague.InnerTextAsync("#claim-notice"), StringComparison.Ordinal);
        await host.ScreenshotAsync(colleague, "violation-claimed");

        // The colleague takes it over; the first officer's open page learns it at its next renewal (a third of the 30 s claim).
        Assert.Equal("10000", await officer.GetAttributeAsync("#claim-notice", "data-renew-every"));
        await colleague.ClickAsync("#claim-notice form button");
        await colleague.WaitForSelectorAsync("#claim-notice[data-renew]");
        await officer.WaitForFunctionAsync("() => document.getElementById('claim-notice').classList.contains('warn')", null,
            new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.Contains("officer2", await officer.InnerTextAsync("#claim-notice"), StringComparison.Ordinal);

        // A cleared plate is refused, and the form keeps it cleared: rebuilt from the store it showed the machine's read
        // again, and the next c confirmed the plate the officer had removed as wrong.
        await officer.FillAsync("#plate-input", "");
        await officer.ClickAsync("#confirm-button");
        await officer.WaitForSelectorAsync("#decision-problem");
        Assert.Equal("", await officer.InputValueAsync("#plate-input"));

        // A correction in no Vietnamese format (an area code never assigned) is refused until the officer says it is
        // written as on the vehicle: the box to say so appears beside the plate, kept as typed.
        Assert.Equal(0, await officer.Locator("#plate-as-written").CountAsync());
        await officer.FillAsync("#plate-input", "42A-123.45");
        await officer.ClickAsync("#confirm-button");
        await officer.WaitForSelectorAsync("#plate-as-written");
        Assert.Contains("42A12345", await officer.InnerTextAsync("#decision-problem"), StringComparison.Ordinal);
        Assert.Equal("42A-123.45", await officer.InputValueAsync("#plate-input"));
        Assert.False(await officer.IsCheckedAsync("#plate-as-written"));

        // Zoom the plate, correct it (p) and confirm (c).
        await officer.ClickAsync("#plate-zoom");
        Assert.Contains("zoomed", await officer.GetAttributeAsync("#plate-crop", "class") ?? "", StringComparison.Ordinal);
        Assert.Equal("true", await officer.GetAttributeAsync("#plate-zoom", "aria-pressed"));
        await host.ScreenshotAsync(officer, "violation");
        await officer.Keyboard.PressAsync("p");
        Assert.Equal("plate-input", await officer.EvaluateAsync<string>("document.activeElement.id"));
        await officer.Keyboard.PressAsync("Control+A");
        await officer.Keyboard.TypeAsync("75A-123.45");
        await officer.EvaluateAsync("document.activeElement.blur()");
        var confirmAgain = await officer.EvaluateAsync<JsonElement>(
            "() => { const f = document.getElementById('confirm-form'); return { action: f.action, fields: [...new FormData(f).entries()] }; }");
        await officer.Keyboard.PressAsync("c");
        await officer.WaitForSelectorAsync("#decision-saved");
        // The officer came from the junction's red-light queue: the page keeps that filter, and offers no next pending
        // violation outside it (it offered the store's next pending one, another camera's).
        Assert.Contains("camera=hue-junction-1", officer.Url, StringComparison.Ordinal);
        Assert.Contains("kind=RedLight", officer.Url, StringComparison.Ordinal);
        Assert.Equal(0, await officer.Locator("#next-pending").CountAsync());
        Assert.Contains("camera=hue-junction-1", await officer.GetAttributeAsync("#back-to-queue", "href") ?? "", StringComparison.Ordinal);
        // The same form posted again (a double click, c held down) is the officer's own decision, saved: not a conflict.
        var form = officer.Context.APIRequest.CreateFormData();
        foreach (var field in confirmAgain.GetProperty("fields").EnumerateArray())
        {
            form.Append(field[0].GetString()!, field[1].GetString()!);
        }

        var again = await officer.APIRequest.PostAsync(confirmAgain.GetProperty("action").GetString()!, new() { Form = form });
        Assert.Equal(200, again.Status);
        Assert.Contains("decided=", again.Url, StringComparison.Ordinal);
        Assert.Equal("75A12345", await officer.InnerTextAsync("#corrected-plate"));
        var decided = await host.App.Services.GetRequiredService<ReviewStore>().GetAsync(redLight.Id, cancel.Token);
        Assert.Equal((ReviewStatus.Corrected, "officer1", "75A12345"), (decided!.Status, decided.DecidedBy, decided.CorrectedPlate));
        Assert.Contains(("vision_review_decisions", "outcome=Corrected,source=local-account"), caseReview.Names);
        await host.ScreenshotAsync(officer, "violation-decided");

        // The colleague's confirmation of the version they saw meets the conflict and shows the decision that stands.
        await colleague.ClickAsync("#confirm-button");
        await colleague.WaitForSelectorAsync("#conflict");
        var conflict = await colleague.InnerTextAsync("#conflict");
        Assert.Contains("officer1", conflict, StringComparison.Ordinal);
        Assert.Contains("75A12345", conflict, StringComparison.Ordinal);
        await host.ScreenshotAsync(colleague, "violation-conflict");

        // Case history shows the trail; a supervisor closes the case.
        var supervisor = await host.SignedInPageAsync("supervisor1", $"/violations/{redLight.Id}/history");
        Assert.Contains("corrected", await supervisor.InnerTextAsync("#audit"), StringComparison.Ordinal);
        await supervisor.FillAsync("#close-note", "biên lai 0042");
        await supervisor.ClickAsync("#close-case button[type=submit]");
        await supervisor.WaitForSelectorAsync("#case-closed");
        Assert.Contains(("vision_review_cases_closed", "source=local-account"), caseReview.Names);
        Assert.Contains("biên lai 0042", await supervisor.InnerTextAsync("#audit"), StringComparison.Ordinal);
        await host.ScreenshotAsync(supervisor, "case-history");

        // A queue filter the store would drop or widen says so instead of listing a wider queue: "29É" (VNI typing of E1)
        // searched for every plate holding 29.
        var refusedFilter = await officer.GotoAsync("/queue?plate=" + Uri.EscapeDataString("29É"));
        Assert.Equal(400, refusedFilter!.Status);
        await officer.WaitForSelectorAsync("#filter-problem");
        Assert.Equal(0, await officer.Locator("#queue-rows tr").CountAsync());

        // The dashboard from the seeded November to today (the gateway stamps the clip's frames with the current time,
        // inside the ingest's plausibility window) draws its four charts on the server and counts all of them.
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await officer.GotoAsync($"/dashboard?from=2026-11-01&to={today}");
        await officer.WaitForFunctionAsync("() => [...document.querySelectorAll('img.chart')].every(i => i.complete && i.naturalWidth > 0)");
        Assert.Equal(4, await officer.Locator("img.chart").CountAsync());
        Assert.Contains((ReviewDeskHost.SeededViolations + 2).ToString("N0", WebCultures.VietnameseCulture),
            await officer.InnerTextAsync("#kpis"), StringComparison.Ordinal);
        await host.ScreenshotAsync(officer, "dashboard");

        // The weekly report of the clip's week (today, Monday to Sunday in Huế) downloads as a PDF with pages, and as CSV.
        var localToday = DateOnly.ParseExact(today, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var monday = localToday.AddDays(-(((int)localToday.DayOfWeek + 6) % 7));
        await officer.FillAsync("#week-day", today);
        var pdf = await officer.RunAndWaitForDownloadAsync(() => officer.ClickAsync("#week-pdf"));
        var pdfPath = Path.Combine(host.Artefacts, pdf.SuggestedFilename);
        await pdf.SaveAsAsync(pdfPath);
        Assert.Equal($"vision-report-week-{monday:yyyy-MM-dd}.pdf", pdf.SuggestedFilename);
        using (var document = PdfReader.Open(pdfPath, PdfDocumentOpenMode.Import))
        {
            Assert.True(document.PageCount >= 2, $"{document.PageCount} pages");
        }

        var csv = await officer.RunAndWaitForDownloadAsync(() => officer.ClickAsync("#week-csv"));
        var csvPath = Path.Combine(host.Artefacts, csv.SuggestedFilename);
        await csv.SaveAsAsync(csvPath);
        Assert.Contains($"kind_day,RedLight {today},", await File.ReadAllTextAsync(csvPath, cancel.Token), StringComparison.Ordinal);

        // English on request.
        await officer.ClickAsync("a[lang=en]");
        Assert.Equal("Statistics", (await officer.InnerTextAsync("h1")).Trim());

        var timings = $"time to first render (first contentful paint, ms) with {ReviewDeskHost.SeededViolations} stored violations: queue {queueTiming:0}, violation {violationTiming:0}";
        output.WriteLine(timings);
        await File.WriteAllTextAsync(Path.Combine(host.Artefacts, "first-render.txt"), timings + Environment.NewLine, cancel.Token);
    }

    [Fact]
    public async Task TheQueue_OpensItsLiveStreamAgain_WhenAReconnectionIsRefused()
    {
        // A restart behind a proxy answers the browser's reconnection with 503: the EventSource closed for good, and the
        // queue stopped updating while it said "reconnecting".
        var page = await host.SignedInPageAsync("officer2");
        var streamRequests = 0;
        await page.RouteAsync("**/live/violations**", async route =>
        {
            if (Interlocked.Increment(ref streamRequests) == 1)
            {
                await route.FulfillAsync(new RouteFulfillOptions { Status = 503, Body = "restarting" });
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.GotoAsync("/queue", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("document.querySelector('#live-status.paused') !== null");
        await page.WaitForFunctionAsync("document.querySelector('#live-status.paused') === null", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        // Before the seeded month, so the dashboard's November counts stay the seeded ones; rejected at the end, so the
        // queue's pending count does too, whichever test runs first.
        var candidate = ViolationSamples.Candidate(900_001, new DateTimeOffset(2026, 10, 15, 8, 0, 0, TimeSpan.FromHours(7)));
        await host.App.Services.GetRequiredService<IViolationRecorder>().RecordAsync(candidate, null, CancellationToken.None);
        try
        {
            await page.Locator($"#queue-rows tr[data-id=\"{candidate.Id}\"]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            Assert.True(streamRequests >= 2, $"{streamRequests} stream request(s)");
        }
        finally
        {
            var rejected = await host.App.Services.GetRequiredService<ReviewStore>().DecideAsync(
                new ReviewDecision(candidate.Id, 1, "officer2", ReviewStatus.Rejected, RejectReason.NotAViolation), CancellationToken.None);
            Assert.Equal(DecisionResultKind.Applied, rejected.Kind);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task ReportDesk_TriagesACitizenPhoto_AndShowsTheEarlierReportAsADuplicate()
    {
        var page = await host.SignedInPageAsync("officer2", "/report-desk");
        async Task FillAsync(string reportId)
        {
            await page.SetInputFilesAsync("#photo", TestAssets.Sample("images/bus.jpg"));
            await page.SelectOptionAsync("#category", "traffic_violation");
            await page.FillAsync("#latitude", "16.4637");
            await page.FillAsync("#longitude", "107.5909");
            await page.FillAsync("#report-id", reportId);
        }

        async Task TriageAsync(string reportId)
        {
            await FillAsync(reportId);
            await page.ClickAsync("#triage-button");
            await page.WaitForSelectorAsync("#triage-result");
        }

        await TriageAsync("hue-s-1001");
        // The browser posts 16.4637 whatever the page's language; the Vietnamese culture's "." groups thousands.
        var index = host.App.Services.GetRequiredService<IReportPhotoIndex>();
        var now = DateTimeOffset.UtcNow;
        var stored = Assert.Single(await index.FindAsync(16.4637, 107.5909, 50, now.AddHours(-1), now.AddHours(1), CancellationToken.None),
            photo => photo.ReportId == "hue-s-1001");
        Assert.Equal((16.4637, 107.5909), (stored.Latitude, stored.Longitude));
        Assert.True(await page.Locator("#objects-overlay rect").CountAsync() >= 4);
        Assert.Contains("bus", await page.InnerTextAsync("#objects"), StringComparison.Ordinal);
        Assert.InRange(double.Parse(await page.InnerTextAsync("#legitimacy"), WebCultures.VietnameseCulture), 0, 1);
        Assert.True(await page.Locator("#reasons li").CountAsync() >= 1);
        // No report time given: the photo's 2019 capture time is compared with nothing (the upload time made it "months apart").
        Assert.Contains("CAPTURE_TIME_NOT_COMPARED", await page.InnerTextAsync("#reasons"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('privacy-safe').naturalWidth > 0"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(host.Artefacts, "report-desk.png"), FullPage = true });

        await TriageAsync("hue-s-1002");
        var duplicate = page.Locator("#duplicates li", new PageLocatorOptions { HasText = "hue-s-1001" });
        Assert.Equal(1, await duplicate.CountAsync());
        Assert.True(await duplicate.Locator("img").EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(host.Artefacts, "report-desk-duplicate.png"), FullPage = true });

        // The desk's photos are admitted like the report backend's: with the one triage slot taken, it says when to retry.
        var admission = host.App.Services.GetRequiredService<PhotoAdmission>();
        using (await admission.EnterAsync(nameof(AdmissionOptions.TriagePhoto), 12_000_000, 0, DateTime.MaxValue, CancellationToken.None))
        {
            await FillAsync("hue-s-1003");
            var busy = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#triage-button"),
                response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/report-desk");
            Assert.Equal(503, busy.Status);
            Assert.NotNull(busy.Headers.GetValueOrDefault("retry-after"));
            Assert.Contains("thử lại", await page.InnerTextAsync("#busy"), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#triage-result").CountAsync());
        }

        // A report time given in Vietnam time is compared with the photo's: bus.jpg was taken on 2019-03-01.
        await FillAsync("hue-s-1005");
        await page.FillAsync("#reported-at", "2019-03-01T14:30");
        await page.ClickAsync("#triage-button");
        await page.WaitForSelectorAsync("#triage-result");
        Assert.DoesNotContain("CAPTURE_TIME_NOT_COMPARED", await page.InnerTextAsync("#reasons"), StringComparison.Ordinal);
        Assert.DoesNotContain("CAPTURE_TIME_MONTHS_APART", await page.InnerTextAsync("#reasons"), StringComparison.Ordinal);
        await page.FillAsync("#reported-at", "");

        // A report id the store cannot take (a zero byte failed PostgreSQL's insert after the whole triage: a 500).
        await FillAsync("hue-s-1004\u0001");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#triage-button"),
            response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/report-desk");
        Assert.Equal(400, refused.Status);
        Assert.Contains("report id", await page.InnerTextAsync("#refused"), StringComparison.Ordinal);
    }

    /// <summary>First contentful paint of the page just loaded, in milliseconds from navigation start.</summary>
    private static Task<double> FirstRenderAsync(IPage page) =>
        page.EvaluateAsync<double>("""
            () => new Promise(resolve => {
              const paint = () => performance.getEntriesByName('first-contentful-paint')[0];
              if (paint()) return resolve(paint().startTime);
              new PerformanceObserver(() => paint() && resolve(paint().startTime)).observe({ type: 'paint', buffered: true });
            })
            """);

    /// <summary>Reads the live stream as a reconnecting browser does (Last-Event-ID) until it is quiet; returns the violation ids.</summary>
    private static async Task<IReadOnlyList<string>> ViolationIdsAfterAsync(IPage page, long lastEventId)
    {
        var ids = await page.EvaluateAsync<string[]>("""
            async (lastEventId) => {
              const controller = new AbortController();
              const response = await fetch('/live/violations', { headers: { 'Last-Event-ID': String(lastEventId) }, signal: controller.signal });
              const reader = response.body.getReader();
              const decoder = new TextDecoder();
              let text = '';
              const quiet = () => new Promise(resolve => setTimeout(() => resolve(null), 1500));
              for (;;) {
                const chunk = await Promise.race([reader.read(), quiet()]);
                if (chunk === null || chunk.done) break;
                text += decoder.decode(chunk.value, { stream: true });
              }
              controller.abort();
              return text.split('\n').filter(l => l.startsWith('data: ')).map(l => JSON.parse(l.slice(6)).id);
            }
            """, lastEventId);
        return ids;
    }

    /// <summary>Streams the rendered junction clip frame by frame, each after the previous one completed, so nothing is shed.</summary>
    private async Task StreamClipAsync(CancellationToken cancellationToken)
    {
        var frames = StreetClip.Render();
        await using var gateway = await GatewayClient.OpenAsync(host.Channel, ReviewDeskHost.CameraId);
        for (var sequence = 0; sequence < frames.Count; sequence++)
        {
            await gateway.SendAsync(sequence, frames[sequence]);
            var sent = (ulong)sequence;
            while (!gateway.Completed.Any(c => c.Sequence == sent))
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        await gateway.FinishAsync();
    }
}
