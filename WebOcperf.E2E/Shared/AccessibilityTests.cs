using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Shared;

/// <summary>
/// axe-core finds no violation, of any impact, on any page, in the states people use it in: the picker open and
/// used, a finished stat run with its chart, the plot page, a recording with its flame graph. A new page gets its own
/// test here with <see cref="Accessibility.AssertAccessibleAsync"/>.
/// </summary>
public sealed class AccessibilityTests(AppFixture app)
{
    [Fact]
    public async Task The_sessions_list_is_accessible()
    {
        var page = await app.NewPageAsync();
        var sessions = new SessionsPage(page);
        await sessions.OpenAsync();
        await sessions.CreateAsync("E2E axe sessions");

        await page.AssertAccessibleAsync("the sessions list");
    }

    [Fact]
    public async Task The_session_page_with_the_event_picker_open_and_used_is_accessible()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E axe picker");
        await page.AssertAccessibleAsync("a new session's page");

        await session.EventSearch.FillAsync("page faults");
        await Expect(session.EventOptions.First).ToBeVisibleAsync();
        await session.EventSearch.PressAsync("ArrowDown");
        await session.EventSearch.PressAsync("Enter");
        await session.EventSearch.PressAsync("ArrowDown");
        await Expect(session.EventOptions.First).ToHaveAttributeAsync("aria-selected", "true");

        await page.AssertAccessibleAsync("the session page with the event picker open and an event chosen");
        await AppFixture.ScreenshotAsync(page, "34-axe-picker");
    }

    [Fact]
    public async Task A_stat_result_and_its_plot_page_are_accessible()
    {
        var page = await app.NewPageAsync();
        var id = await RunAsync(page, "E2E axe stat", new
        {
            description = "busy loop",
            workload = "timeout 1 sh -c 'while :; do :; done'; true",
            events = new[] { "task-clock", "page-faults" },
            interval = 100,
        });

        await page.GotoAsync($"/benchmarks/{id}", DomReady);
        var result = new BenchmarkResult(page);
        await result.WaitForStatusAsync("Succeeded");
        await Expect(result.ChartPointsLabel).ToContainTextAsync("intervals");
        await page.AssertAccessibleAsync("a stat result");
        await AppFixture.ScreenshotAsync(page, "30-axe-stat-result");

        await page.GotoAsync($"/benchmarks/{id}/plot", DomReady);
        await Expect(result.ChartPointsLabel).ToContainTextAsync("intervals");
        await page.AssertAccessibleAsync("the plot page");
        await AppFixture.ScreenshotAsync(page, "31-axe-plot");
    }

    [Fact]
    public async Task The_hosts_page_is_accessible()
    {
        var page = await app.NewPageAsync();
        var hosts = new HostsPage(page);
        await hosts.OpenAsync();
        await Expect(hosts.State("local")).ToBeVisibleAsync();

        await page.AssertAccessibleAsync("the hosts page");
        await AppFixture.ScreenshotAsync(page, "35-axe-hosts");
    }

    [Fact]
    public async Task A_record_result_is_accessible()
    {
        var page = await app.NewPageAsync();
        var id = await RunAsync(page, "E2E axe record", new
        {
            description = "awk loop",
            workload = "timeout 1 awk 'BEGIN { for (;;) s += sin(s) }'; true",
            tool = "record",
            callGraph = "fp",
        });

        await page.GotoAsync($"/benchmarks/{id}", DomReady);
        await new BenchmarkResult(page).WaitForStatusAsync("Succeeded");
        var profile = new RecordProfile(page);
        await Expect(profile.TimeChart).ToHaveAttributeAsync("data-state", "ready");
        await Expect(profile.Flame).ToHaveAttributeAsync("data-rendered", "true");
        await page.AssertAccessibleAsync("a record result");
        await AppFixture.ScreenshotAsync(page, "32-axe-record-result");
    }

    [Fact]
    public async Task The_events_page_is_accessible()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/events");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        await page.AssertAccessibleAsync("the event catalog");
        await AppFixture.ScreenshotAsync(page, "33-axe-events");
    }

    [Fact]
    public async Task The_check_reports_what_is_broken()
    {
        var page = await app.NewPageAsync();
        await page.SetContentAsync(
            "<html lang=en><title>t</title><main><h1>t</h1><div role=option><button>more</button></div></main></html>");

        var violations = await page.ViolationsAsync();

        Assert.Contains(violations, v => v.Id == "aria-required-parent" && v.Impact == "critical");
        Assert.Contains(violations, v => v.Id == "nested-interactive" && v.Impact == "serious");
    }

    // a running result's page streams: what the tests wait for is on the page, not the load of every resource
    private static readonly PageGotoOptions DomReady = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>Queues a benchmark in a new session through the API and returns its id.</summary>
    private static async Task<string> RunAsync(IPage page, string title, object benchmark)
    {
        var session = await page.APIRequest.PostAsync("/api/v1/sessions", new() { DataObject = new { title } });
        Assert.True(session.Ok, $"POST /api/v1/sessions: {session.Status}");
        var sessionId = (await session.JsonAsync())!.Value.GetProperty("id").GetString();
        var queued = await page.APIRequest.PostAsync($"/api/v1/session/{sessionId}", new() { DataObject = benchmark });
        Assert.True(queued.Ok, $"POST /api/v1/session/{sessionId}: {queued.Status} {await queued.TextAsync()}");
        return (await queued.JsonAsync())!.Value.GetProperty("id").GetString()!;
    }
}
