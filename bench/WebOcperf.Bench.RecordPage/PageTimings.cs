using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace WebOcperf.Bench.RecordPage;

/// <summary>
/// One load of a record page, in ms from navigation start (the page's <c>performance.now()</c> origin), except
/// <see cref="Wall"/>, a Stopwatch around Playwright's navigation and wait.
/// </summary>
public sealed record PageTiming(
    double ResponseStart,
    double ResponseEnd,
    double DomInteractive,
    double ScriptsLoaded,
    double DomContentLoaded,
    double FirstContentfulPaint,
    double Table,
    double Chart,
    double Flame,
    double Wall,
    long HtmlBytes,
    ResourceTiming Histogram,
    ResourceTiming FlameJson,
    double LongTaskMs,
    double LongestTaskMs,
    int FlameNodes)
{
    /// <summary>Everything the brief counts as rendered: the table, the time chart and the flame graph.</summary>
    public double Complete => Math.Max(Table, Math.Max(Chart, Flame));
}

/// <summary>A fetch the page made: when it started, when the first and last bytes came, and its size.</summary>
public sealed record ResourceTiming(double Start, double ResponseStart, double ResponseEnd, long Bytes)
{
    public double Server => ResponseStart - Start;

    public double Download => ResponseEnd - ResponseStart;
}

/// <summary>Loads record pages in headless Chromium and reads when each part of the page was ready.</summary>
public sealed class PageTimings(IBrowser browser, Uri baseAddress)
{
    private const float WaitTimeoutMs = 120_000;

    // Runs before any of the page's scripts (Playwright injects it through the DevTools protocol, so the page's
    // Content-Security-Policy does not apply). A MutationObserver notes performance.now() in the same task as the
    // change it sees, so the marks are when the DOM reached each state, not when a poll noticed it.
    private const string MarkScript = """
        (() => {
            const marks = {};
            const longTasks = [];
            window.__recordPageBench = { marks, longTasks };
            const mark = (name, ready) => { if (!(name in marks) && ready()) marks[name] = performance.now(); };
            const check = () => {
                // the summary paragraph follows the table, so the parser has passed every row
                mark('table', () => document.querySelector('#functions-table + p') !== null);
                mark('chart', () => document.querySelector('.time-chart[data-state="ready"]') !== null);
                mark('flame', () => document.querySelector('[data-flame][data-rendered="true"]') !== null);
                if ('table' in marks && 'chart' in marks && 'flame' in marks) observer.disconnect();
            };
            const observer = new MutationObserver(check);
            observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-rendered'] });
            new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
            }).observe({ type: 'longtask', buffered: true });
        })();
        """;

    private const string ReadScript = """
        () => {
            const bench = window.__recordPageBench;
            const navigation = performance.getEntriesByType('navigation')[0];
            const paint = performance.getEntriesByType('paint').find((entry) => entry.name === 'first-contentful-paint');
            const resource = (part) => {
                const entry = performance.getEntriesByType('resource').filter((e) => e.name.includes(part)).pop();
                return entry
                    ? { start: entry.startTime, responseStart: entry.responseStart, responseEnd: entry.responseEnd, bytes: entry.decodedBodySize }
                    : { start: -1, responseStart: -1, responseEnd: -1, bytes: 0 };
            };
            const flameDone = bench.marks.flame;
            const tasks = bench.longTasks.filter((task) => task.start < flameDone);
            return {
                responseStart: navigation.responseStart,
                responseEnd: navigation.responseEnd,
                domInteractive: navigation.domInteractive,
                // the last byte of the last script: what the parser waits for before it runs them in order
                scriptsLoaded: performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script')
                    .reduce((last, e) => Math.max(last, e.responseEnd), -1),
                domContentLoaded: navigation.domContentLoadedEventEnd,
                htmlBytes: navigation.decodedBodySize,
                fcp: paint ? paint.startTime : -1,
                marks: bench.marks,
                histogram: resource('/profile/histogram.json'),
                flame: resource('/profile/flame.json'),
                longTaskMs: tasks.reduce((sum, task) => sum + task.duration, 0),
                longestTaskMs: tasks.reduce((longest, task) => Math.max(longest, task.duration), 0),
                flameNodes: Number(document.querySelector('[data-flame]').dataset.nodeCount || 0),
            };
        }
        """;

    private const string AllMarkedScript =
        "() => { const m = window.__recordPageBench && window.__recordPageBench.marks; return !!m && 'table' in m && 'chart' in m && 'flame' in m; }";

    /// <summary>A fresh browser context per load: empty HTTP cache, no cookies, nothing shared with earlier loads.</summary>
    public async Task<PageTiming> ColdAsync(string path)
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        return await LoadAsync(page, path);
    }

    /// <summary>
    /// Loads in one context after a first load that is not counted: scripts and styles come from the HTTP cache
    /// (their URLs are fingerprinted), the page and its JSON are asked for again.
    /// </summary>
    public async Task<List<PageTiming>> WarmAsync(string path, int times)
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await LoadAsync(page, path);
        var timings = new List<PageTiming>(times);
        for (var i = 0; i < times; i++)
        {
            timings.Add(await LoadAsync(page, path));
        }
        return timings;
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        // the E2E tests' viewport, so the flame graph draws as many frames as it does there
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
        });
        context.SetDefaultTimeout(WaitTimeoutMs);
        await context.AddInitScriptAsync(MarkScript);
        return context;
    }

    private static async Task<PageTiming> LoadAsync(IPage page, string path)
    {
        var errors = new List<string>();
        void OnConsole(object? sender, IConsoleMessage message)
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        }
        page.Console += OnConsole;
        var stopwatch = Stopwatch.StartNew();
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync(AllMarkedScript, null, new PageWaitForFunctionOptions { Timeout = WaitTimeoutMs });
        var wall = stopwatch.Elapsed.TotalMilliseconds;
        page.Console -= OnConsole;
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{path} logged errors: {string.Join(" | ", errors)}");
        }

        var read = await page.EvaluateAsync<JsonElement>(ReadScript);
        var marks = read.GetProperty("marks");
        return new PageTiming(
            read.GetProperty("responseStart").GetDouble(),
            read.GetProperty("responseEnd").GetDouble(),
            read.GetProperty("domInteractive").GetDouble(),
            read.GetProperty("scriptsLoaded").GetDouble(),
            read.GetProperty("domContentLoaded").GetDouble(),
            read.GetProperty("fcp").GetDouble(),
            marks.GetProperty("table").GetDouble(),
            marks.GetProperty("chart").GetDouble(),
            marks.GetProperty("flame").GetDouble(),
            wall,
            read.GetProperty("htmlBytes").GetInt64(),
            Resource(read.GetProperty("histogram")),
            Resource(read.GetProperty("flame")),
            read.GetProperty("longTaskMs").GetDouble(),
            read.GetProperty("longestTaskMs").GetDouble(),
            read.GetProperty("flameNodes").GetInt32());
    }

    private static ResourceTiming Resource(JsonElement entry) => new(
        entry.GetProperty("start").GetDouble(),
        entry.GetProperty("responseStart").GetDouble(),
        entry.GetProperty("responseEnd").GetDouble(),
        entry.GetProperty("bytes").GetInt64());
}
