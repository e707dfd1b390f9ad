using System.Globalization;
using Microsoft.Playwright;
using WebOcperf.Bench.RecordPage;
using WebOcperf.Testing;

// Time until a large recording's page (/benchmarks/{id}) is rendered in Chromium, target ≤ 1 s.
//
//   WebOcperf.Bench.RecordPage [--seconds 40] [--loads 7] [--restarts 5] [--repo <checkout>]
//
// It starts the Release build of WebOcperf on a free loopback port with a temporary data directory, records a busy
// multi-process workload at 4999 Hz with call graphs (the large recording) and a 2 s single-process one (the
// baseline page) through the JSON API, then measures the server alone (HttpClient) and the page in headless Chromium,
// with a warm and a cold (restarted) server. Everything it created is deleted at the end.

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: WebOcperf.Bench.RecordPage [--seconds N] [--loads N] [--restarts N] [--repo <checkout>]");
    return 2;
}
var serverDll = Path.Combine(options.Repository, "WebOcperf", "bin", "Release", "net10.0", "WebOcperf.dll");
if (!File.Exists(serverDll))
{
    Console.Error.WriteLine($"{serverDll} is missing: build it first with `dotnet build -c Release WebOcperf`.");
    return 2;
}

var dataDirectory = Directory.CreateTempSubdirectory("webocperf-pagebench-").FullName;
// restarted on the same port and directory it gives the cold path: an empty in-memory cache, so the next request for
// a recording loads the profile cache file from disk
var server = new ServerProcess(new ServerOptions(dataDirectory)
{
    ServerDll = serverDll,
    LogFile = Path.Combine(dataDirectory, "server.log"),
    StartTimeout = TimeSpan.FromSeconds(60),
});
IPlaywright? playwright = null;
IBrowser? browser = null;
try
{
    await server.StartAsync();
    Console.WriteLine($"server pid {server.Pid} on {server.BaseAddress}, answering after {server.LastStartTime.TotalMilliseconds:0} ms; data in {dataDirectory}");
    using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    var api = new WebOcperfApi(http);
    var get = new HttpTimings(http);

    // --- the recordings -------------------------------------------------------------------------------------------
    var session = await api.CreateSessionAsync("record page benchmark");
    // two awk and two perl busy loops on two cores: about 2 × 4999 samples per second of recording
    var largeWorkload = string.Create(CultureInfo.InvariantCulture,
        $"for i in 1 2; do timeout {options.Seconds} awk 'BEGIN{{for(;;) s+=sin(rand())}}' & timeout {options.Seconds} perl -e 'while(1){{$x+=sqrt(rand())}}' & done; wait");
    // `wait` without operands exits 0: timeout's own 124 would mark the run Failed
    const string SmallWorkload = "timeout 2 awk 'BEGIN{for(;;) s+=sin(rand())}' & wait";
    // MaxConcurrentRuns is 1: the small run goes first so the large one is recorded on an otherwise idle machine
    var (smallId, smallSince) = await api.QueueRecordAsync(session, "small recording (baseline)", SmallWorkload, 999);
    var (largeId, largeSince) = await api.QueueRecordAsync(session, "large recording", largeWorkload, 4999);
    var small = await api.WaitUntilSucceededAsync("small", smallId, smallSince);
    var large = await api.WaitUntilSucceededAsync("large", largeId, largeSince);
    foreach (var recording in new[] { large, small })
    {
        Console.WriteLine($"{recording.Name}: {recording.PagePath}, {recording.Samples:N0} samples over {recording.DurationSeconds:0.0} s, queued → Succeeded {recording.QueuedToSucceeded.TotalSeconds:0.0} s");
    }
    Console.WriteLine();

    string Histogram(Recording r) => $"{r.PagePath}/profile/histogram.json?event=0";
    string Flame(Recording r) => $"{r.PagePath}/profile/flame.json?event=0";

    // --- the server alone, warm process -----------------------------------------------------------------------------
    // the runner ingested the recording but the page's in-memory cache has not seen it yet: the first requests load
    // the profile cache file, in a process whose code paths for the page are not jitted yet
    var firstAfterRun = new List<(string, IReadOnlyList<HttpTiming>)>
    {
        ("large HTML, first request after the run", [await get.GetAsync(large.PagePath)]),
        ("large histogram.json, first", [await get.GetAsync(Histogram(large))]),
        ("large flame.json, first", [await get.GetAsync(Flame(large))]),
    };
    var warmServer = new List<(string, IReadOnlyList<HttpTiming>)>
    {
        ($"GET {large.PagePath} (large)", await get.RepeatAsync(large.PagePath, options.Loads)),
        ("large histogram.json", await get.RepeatAsync(Histogram(large), options.Loads)),
        ("large flame.json", await get.RepeatAsync(Flame(large), options.Loads)),
        ("small page HTML (baseline)", await get.RepeatAsync(small.PagePath, options.Loads)),
        ("small histogram.json", await get.RepeatAsync(Histogram(small), options.Loads)),
        ("small flame.json", await get.RepeatAsync(Flame(small), options.Loads)),
        ("/css/site.css (static baseline)", await get.RepeatAsync("/css/site.css", options.Loads)),
    };

    // --- the page in Chromium, warm server ----------------------------------------------------------------------------
    playwright = await Playwright.CreateAsync();
    browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        // Debian's Chromium and the E2E tests' flags (WebOcperf.E2E/Infrastructure/AppFixture.cs): the network is
        // closed, so Chromium must not try to phone home, and Playwright's own browser download is not used
        ExecutablePath = Environment.GetEnvironmentVariable("WEBOCPERF_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    var pages = new PageTimings(browser, server.BaseAddress);
    // one uncounted load of each: Chromium's own start-up (first renderer, font cache) is not the page's cost
    await pages.ColdAsync(small.PagePath);
    await pages.ColdAsync(large.PagePath);
    var largeCold = new List<PageTiming>();
    var smallCold = new List<PageTiming>();
    for (var i = 0; i < options.Loads; i++)
    {
        // interleaved, so a drift of the machine's load touches both alike
        largeCold.Add(await pages.ColdAsync(large.PagePath));
        smallCold.Add(await pages.ColdAsync(small.PagePath));
        Console.WriteLine($"cold load {i + 1}: large ready at {largeCold[^1].Complete:0} ms, small at {smallCold[^1].Complete:0} ms");
    }
    var largeWarm = await pages.WarmAsync(large.PagePath, options.Loads);
    var smallWarm = await pages.WarmAsync(small.PagePath, options.Loads);

    // --- cold server: restarted, so the in-memory cache is empty -----------------------------------------------------
    // each repetition restarts the server, so every number below is a first request of its kind
    var coldProcessHtml = new List<HttpTiming>();
    var coldProcessHistogram = new List<HttpTiming>();
    var coldProcessFlame = new List<HttpTiming>();
    var coldCacheHtml = new List<HttpTiming>();
    var coldCacheHistogram = new List<HttpTiming>();
    var coldCacheFlame = new List<HttpTiming>();
    var firstVisitors = new List<PageTiming>();
    var firstVisitorsSmall = new List<PageTiming>();
    for (var i = 0; i < options.Restarts; i++)
    {
        // (a) the very first request of a fresh process: JIT, EF Core model, profile cache file read
        await server.RestartAsync();
        coldProcessHtml.Add(await get.GetAsync(large.PagePath));
        coldProcessHistogram.Add(await get.GetAsync(Histogram(large)));
        coldProcessFlame.Add(await get.GetAsync(Flame(large)));
        // (b) code already jitted by the small page, the large profile not in memory: the cache file's cost alone
        await server.RestartAsync();
        await get.GetAsync(small.PagePath);
        await get.GetAsync(Histogram(small));
        await get.GetAsync(Flame(small));
        coldCacheHtml.Add(await get.GetAsync(large.PagePath));
        coldCacheHistogram.Add(await get.GetAsync(Histogram(large)));
        coldCacheFlame.Add(await get.GetAsync(Flame(large)));
        // (c) the first visitor after a restart, in a fresh browser context
        await server.RestartAsync();
        firstVisitors.Add(await pages.ColdAsync(large.PagePath));
        await server.RestartAsync();
        firstVisitorsSmall.Add(await pages.ColdAsync(small.PagePath));
        Console.WriteLine($"restart {i + 1}: first visitor ready at {firstVisitors[^1].Complete:0} ms (small {firstVisitorsSmall[^1].Complete:0} ms), server start {server.LastStartTime.TotalMilliseconds:0} ms");
    }
    var coldProcess = new List<(string, IReadOnlyList<HttpTiming>)>
    {
        ("large HTML, first request of a fresh process", coldProcessHtml),
        ("large histogram.json, next", coldProcessHistogram),
        ("large flame.json, next", coldProcessFlame),
    };
    var coldCache = new List<(string, IReadOnlyList<HttpTiming>)>
    {
        ("large HTML, first after the small page", coldCacheHtml),
        ("large histogram.json, next", coldCacheHistogram),
        ("large flame.json, next", coldCacheFlame),
    };

    // --- report -----------------------------------------------------------------------------------------------------
    Console.WriteLine();
    Console.WriteLine($"### Record page: {large.Samples:N0} samples (large) vs {small.Samples:N0} (baseline)");
    Console.WriteLine();
    Console.Write(Report.PageTable("Chromium, fresh context per load, warm server", largeCold, smallCold));
    Console.Write(Report.PageTable("Chromium, same context (scripts cached), warm server", largeWarm, smallWarm));
    Console.Write(Report.PageTable("Chromium, first visitor after a server restart", firstVisitors, firstVisitorsSmall));
    Console.Write(Report.HttpTable("Server alone, warm", warmServer));
    Console.Write(Report.HttpTable("Server alone, first requests after the run finished", firstAfterRun));
    Console.Write(Report.HttpTable("Server alone, restarted: fresh process", coldProcess));
    Console.Write(Report.HttpTable("Server alone, restarted: code warm, profile cache cold", coldCache));
    var verdict = Report.Median(largeCold.Select(t => t.Complete));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Target ≤ 1000 ms to a rendered page (fresh context, warm server, p50): {verdict:0} ms, {(verdict <= 1000 ? "met" : "missed")}; first visitor after a restart (p50): {Report.Median(firstVisitors.Select(t => t.Complete)):0} ms."));
    return 0;
}
finally
{
    if (browser is not null)
    {
        await browser.DisposeAsync();
    }
    playwright?.Dispose();
    await server.DisposeAsync();
    Directory.Delete(dataDirectory, recursive: true);
}

/// <summary>Command-line options; the checkout defaults to the one this binary was built in.</summary>
internal sealed record Options(int Seconds, int Loads, int Restarts, string Repository)
{
    public static Options? Parse(string[] args)
    {
        var seconds = 40;
        var loads = 7;
        var restarts = 5;
        string? repository = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--seconds" when int.TryParse(value, CultureInfo.InvariantCulture, out seconds) && seconds > 0:
                case "--loads" when int.TryParse(value, CultureInfo.InvariantCulture, out loads) && loads > 0:
                case "--restarts" when int.TryParse(value, CultureInfo.InvariantCulture, out restarts) && restarts > 0:
                    i++;
                    break;
                case "--repo" when value is not null:
                    repository = value;
                    i++;
                    break;
                default:
                    return null;
            }
        }
        repository ??= FindCheckout(AppContext.BaseDirectory) ?? FindCheckout(Environment.CurrentDirectory);
        return repository is null ? null : new Options(seconds, loads, restarts, Path.GetFullPath(repository));
    }

    private static string? FindCheckout(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WebOcperf.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
