using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(WebOcperf.E2E.Infrastructure.AppFixture))]

namespace WebOcperf.E2E.Infrastructure;

/// <summary>
/// The real app on a real Kestrel server (127.0.0.1, a free port) with a temporary data directory, and Debian's
/// Chromium driven by Playwright. One of each for the whole test run.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright's own browser download is neither possible nor needed here.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("WEBOCPERF_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>
    /// WEBOCPERF_E2E_CPU_SLOWDOWN=4 runs every page's scripts four times slower (Chromium's CPU throttling), as a slow
    /// or busy CI machine does: how a timing assumption of a test, or a page that does too much, is found here first.
    /// </summary>
    private static readonly double? CpuSlowdown =
        double.TryParse(Environment.GetEnvironmentVariable("WEBOCPERF_E2E_CPU_SLOWDOWN"),
            System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate > 1 ? rate : null;

    /// <summary>How long actions and assertions wait before failing.</summary>
    private const float DefaultTimeoutMs = 15_000;

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("webocperf-e2e-").FullName;
    private WebApplicationFactory<Program>? factory;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPage, List<string>> consoleErrors = new();

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IPlaywright Playwright => playwright ?? throw new InvalidOperationException("Playwright did not start");
    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium did not start");
    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's services, for tests that set up what would take long through the pages (thousands of runs).</summary>
    public IServiceProvider Services => factory?.Services ?? throw new InvalidOperationException("the app did not start");

    /// <summary>Where screenshots go: look at them after a run.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("WebOcperf:DataDirectory", dataDirectory);
            builder.UseSetting("WebOcperf:MaxRunDuration", "00:02:00");
            // test classes run in parallel against this one server; let their runs overlap instead of queueing
            builder.UseSetting("WebOcperf:MaxConcurrentRuns", "3");
            // the pages show the catalog of a known machine (cpuinfo, sysfs), not of the one running the tests
            foreach (var (key, value) in CatalogFixtures.Settings(Path.Combine(dataDirectory, "pmu-events")))
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        Directory.CreateDirectory(ScreenshotDirectory);
        // Expect's own default is 5 s; on a loaded two-core CI machine a swap can take longer: as long as actions wait
        Assertions.SetDefaultExpectTimeout(DefaultTimeoutMs);
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // the machine's network is closed: keep Chromium from trying to phone home at every start
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <param name="baseUrl">Another server's address (e.g. <see cref="RemoteAppFixture"/>'s); this one's by default.</param>
    public async Task<IPage> NewPageAsync(string? baseUrl = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl ?? BaseUrl,
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(DefaultTimeoutMs);
        // a page's load waits for its scripts and styles as well, which a busy CI machine serves slowly
        context.SetDefaultNavigationTimeout(2 * DefaultTimeoutMs);
        var page = await context.NewPageAsync();
        if (CpuSlowdown is { } rate)
        {
            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = rate });
        }
        var errors = new List<string>();
        consoleErrors[page] = errors;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        return page;
    }

    /// <summary>What the page logged as errors (a Content-Security-Policy violation, a failed script, a 404).</summary>
    /// <summary>Fails with the messages when a page logged an error to its console (a script error, a failed request).</summary>
    public void AssertNoConsoleErrors(params IPage[] pages)
    {
        var errors = pages.SelectMany(ConsoleErrors).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private IReadOnlyList<string> ConsoleErrors(IPage page)
    {
        var errors = consoleErrors[page];
        lock (errors)
        {
            return errors.ToList();
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        // Caret = Initial: hiding the caret injects a style element, which the pages' CSP rightly blocks
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true, Caret = ScreenshotCaret.Initial });

    // a start that failed half-way (no Chromium, say) must not hide its cause behind errors from cleaning up
    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by an exiting process; the directory lives in the temp folder
        }
    }
}
