using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using WebOcperf.Bench.RecordPage;
using WebOcperf.Bench.Shared;
using static WebOcperf.Bench.Shared.Stats;

// Comparing two large recordings (issue 11): the compare page /compare?base=A&with=B of two recordings of at least
// 250,000 samples each — the record bench's workload and a variant that also runs a third program — rendered in
// Chromium (target: median ≤ 1 s until the differential flame graph is drawn) and the server's part from cached
// aggregates (target: median ≤ 100 ms). Baseline in the same command: the base recording's own page, measured alike.
// Usage: dotnet run -c Release --project bench/WebOcperf.Bench.ComparePage -- [--seconds 30] [--loads 7] [--server path/to/WebOcperf.dll]
var seconds = Arguments.Int(args, "--seconds", 30);
var loads = Arguments.Int(args, "--loads", 7);

await using var server = await BenchServer.StartAsync(BenchServer.LocateServerDll(args), Arguments.All(args, "--server-env"));
using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
var api = new WebOcperfApi(http);
var get = new HttpTimings(http);
Console.WriteLine($"server pid {server.Pid}, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

// two awk and two perl busy loops on two cores, as in the record page bench: about 2 × 4999 samples per second
var baseWorkload = string.Create(CultureInfo.InvariantCulture,
    $"for i in 1 2; do timeout {seconds} awk 'BEGIN{{for(;;) s+=sin(rand())}}' & timeout {seconds} perl -e 'while(1){{$x+=sqrt(rand())}}' & done; wait");
// the variant: one perl loop replaced by a gzip of zeros, so that functions appear and vanish between the two
var variantWorkload = string.Create(CultureInfo.InvariantCulture,
    $"for i in 1 2; do timeout {seconds} awk 'BEGIN{{for(;;) s+=sin(rand())}}' & done; timeout {seconds} perl -e 'while(1){{$x+=sqrt(rand())}}' & timeout {seconds} sh -c 'gzip -c < /dev/zero > /dev/null' & wait");
var session = await api.CreateSessionAsync("compare page benchmark");
var (baseId, baseSince) = await api.QueueRecordAsync(session, "base recording", baseWorkload, 4999);
var (variantId, variantSince) = await api.QueueRecordAsync(session, "variant recording", variantWorkload, 4999);
var baseRun = await api.WaitUntilSucceededAsync("base", baseId, baseSince);
var variant = await api.WaitUntilSucceededAsync("variant", variantId, variantSince);
foreach (var recording in new[] { baseRun, variant })
{
    Console.WriteLine($"{recording.Name}: {recording.Samples:N0} samples over {recording.DurationSeconds:0.0} s{(recording.Samples < 250_000 ? " (fewer than 250,000: raise --seconds)" : "")}");
}
var comparePath = $"/compare?base={baseRun.Id}&with={variant.Id}";
var recordPath = baseRun.PagePath;

// --- the server alone: first request (aggregates from the profile cache files), then warm ------------------------
var firstCompare = await get.GetAsync(comparePath);
Console.WriteLine($"first GET of the compare page: {firstCompare.Total.TotalMilliseconds:0} ms ({firstCompare.Bytes / 1024.0:0} KB)");
await get.RepeatAsync(recordPath, 2);
var compareWarm = new List<double>();
var recordWarm = new List<double>();
for (var i = 0; i < loads * 3; i++)
{
    compareWarm.Add((await get.GetAsync(comparePath)).Total.TotalMilliseconds);
    recordWarm.Add((await get.GetAsync(recordPath)).Total.TotalMilliseconds);
}

// --- Chromium: a fresh context per load, interleaved with the base recording's own page ------------------------
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    // Debian's Chromium with the E2E tests' flags: the network is closed, so Chromium must not try to phone home
    ExecutablePath = Environment.GetEnvironmentVariable("WEBOCPERF_CHROMIUM") ?? "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"],
});
// one uncounted load of each: Chromium's own start-up is not the page's cost
await RenderedAsync(comparePath, "[data-diff-flame][data-rendered=\"true\"]");
await RenderedAsync(recordPath, "[data-flame][data-rendered=\"true\"]");
var compareBrowser = new List<double>();
var recordBrowser = new List<double>();
for (var i = 0; i < loads; i++)
{
    compareBrowser.Add(await RenderedAsync(comparePath, "[data-diff-flame][data-rendered=\"true\"]"));
    recordBrowser.Add(await RenderedAsync(recordPath, "[data-flame][data-rendered=\"true\"]"));
}

var serverMedian = Median(compareWarm);
var browserMedian = Median(compareBrowser);
Console.WriteLine();
Console.WriteLine($"| measure | compare page (base {baseRun.Samples:N0} vs variant {variant.Samples:N0} samples) | base recording's page (baseline) | ratio |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| server, whole answer, warm (median, p95; n = {compareWarm.Count}) | {F(serverMedian, 1)} ms, {F(Percentile(compareWarm, 95), 1)} ms | {F(Median(recordWarm), 1)} ms, {F(Percentile(recordWarm, 95), 1)} ms | {F(serverMedian / Median(recordWarm))} |");
Console.WriteLine($"| Chromium, fresh context, navigation start → flame graph drawn (median, p95; n = {loads}) | {F(browserMedian, 0)} ms, {F(Percentile(compareBrowser, 95), 0)} ms | {F(Median(recordBrowser), 0)} ms, {F(Percentile(recordBrowser, 95), 0)} ms | {F(browserMedian / Median(recordBrowser))} |");
Console.WriteLine();
Console.WriteLine($"target server ≤ 100 ms: {(serverMedian <= 100 ? "met" : "NOT met")}; target page ≤ 1000 ms: {(browserMedian <= 1000 ? "met" : "NOT met")}");
return serverMedian <= 100 && browserMedian <= 1000 ? 0 : 1;

// the page's own clock (performance.now(), from navigation start) when the element appears
async Task<double> RenderedAsync(string path, string readySelector)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = server.BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
    });
    var page = await context.NewPageAsync();
    await page.AddInitScriptAsync($$"""
        (() => {
            const observer = new MutationObserver(() => {
                if (document.querySelector('{{readySelector.Replace("'", "\\'", StringComparison.Ordinal)}}')) {
                    window.__rendered = performance.now();
                    observer.disconnect();
                }
            });
            observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-rendered'] });
        })();
        """);
    var watch = Stopwatch.StartNew();
    await page.GotoAsync(path);
    await page.WaitForFunctionAsync("() => window.__rendered !== undefined", null, new() { Timeout = 120_000 });
    var rendered = await page.EvaluateAsync<double>("() => window.__rendered");
    return rendered > 0 ? rendered : watch.Elapsed.TotalMilliseconds;
}
