using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Benchmarks;

/// <summary>The chart fills while perf runs, every viewer sees it, and a run can be stopped — all without reloads.</summary>
public sealed class LiveStreamingTests(AppFixture app)
{
    private static string BusyLoop(double seconds) =>
        $"end=$(( $(date +%s%N) + {(long)(seconds * 1e9)} )); while [ $(date +%s%N) -lt $end ]; do :; done";

    private async Task<(IPage Page, SessionPage Session)> OpenNewSessionAsync(string title)
    {
        var page = await app.NewPageAsync();
        return (page, await new SessionsPage(page).CreateAndOpenAsync(title));
    }

    [Fact]
    public async Task The_chart_grows_while_running_and_the_result_arrives_without_a_reload()
    {
        var (page, session) = await OpenNewSessionAsync("E2E live");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        // long enough that a loaded machine, slow to start perf and to draw, still shows several intervals live
        await session.FillAsync("live 8 s", BusyLoop(8), "task-clock,context-switches,page-faults", "100");
        await session.RunAsync();

        await session.Result.WaitForStatusAsync("Running", 20_000);
        var drawnLive = await session.Result.WaitForLivePointsAsync(3);
        // and it keeps growing while perf runs; the start time arrived with the status change
        var live = await session.Result.WaitForLiveViewAsync(drawnLive + 2);
        drawnLive = live.Points;
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", live.Started);
        await AppFixture.ScreenshotAsync(page, "08-session-mid-run");

        // a viewer who opens the share link mid-run first catches up with everything drawn so far
        var shareUrl = await session.Result.ShareLink.GetAttributeAsync("href");
        var viewer = await app.NewPageAsync();
        await viewer.GotoAsync(shareUrl!);
        var shared = new BenchmarkResult(viewer);
        await shared.WaitForChartPointsAsync(drawnLive);
        await AppFixture.ScreenshotAsync(viewer, "07-share-page-mid-run");

        await session.Result.WaitForStatusAsync("Succeeded");
        await Expect(session.Result.EventRow("task-clock")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        // the final result draws every interval perf wrote, on both pages
        var intervals = await session.Result.StoredIntervalCountAsync();
        await session.Result.WaitForStoredChartAsync(intervals);
        await shared.WaitForStatusAsync("Succeeded");
        await shared.WaitForStoredChartAsync(intervals);
        Assert.Equal(intervals, await session.Result.ChartPointsAsync());
        Assert.Equal(intervals, await shared.ChartPointsAsync());
        app.AssertNoConsoleErrors(page, viewer);
    }

    [Fact]
    public async Task Twenty_events_every_10_ms_keep_up_live()
    {
        string[] events =
        [
            "task-clock", "cpu-clock", "context-switches", "cpu-migrations", "page-faults", "minor-faults", "major-faults",
            "alignment-faults", "emulation-faults", "sched:sched_switch", "sched:sched_wakeup", "sched:sched_process_fork",
            "sched:sched_process_exec", "sched:sched_process_exit", "raw_syscalls:sys_enter", "raw_syscalls:sys_exit",
            "timer:hrtimer_start", "timer:timer_start", "irq:softirq_entry", "kmem:kmalloc",
        ];
        var (page, session) = await OpenNewSessionAsync("E2E fast");
        // 8 s: a browser on a slow or busy machine takes seconds from the click to an open stream and a built chart
        await session.FillAsync("20 events at -I 10", BusyLoop(8), string.Join(",", events), "10");
        await session.RunAsync();

        await session.Result.WaitForStatusAsync("Running", 20_000);
        // live: a hundred intervals drawn while perf is still running
        await session.Result.WaitForLivePointsAsync(100);
        await session.Result.WaitForStatusAsync("Succeeded", 30_000);
        // and every interval perf wrote (fewer than 800 when a loaded machine stretches perf's 10 ms ticks)
        var intervals = await session.Result.StoredIntervalCountAsync();
        Assert.InRange(intervals, 100, 800);
        await session.Result.WaitForStoredChartAsync(intervals);
        await AppFixture.ScreenshotAsync(page, "13-twenty-events-10ms");

        await Expect(session.Result.EventsTable.Locator("tbody tr")).ToHaveCountAsync(20);
        app.AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task Stop_cancels_a_running_benchmark_and_keeps_its_data()
    {
        var (page, session) = await OpenNewSessionAsync("E2E stop");
        await session.FillAsync("runs for a minute", BusyLoop(60), "task-clock,page-faults", "100");
        await session.RunAsync();
        await session.Result.WaitForStatusAsync("Running", 20_000);
        await session.Result.WaitForChartPointsAsync(3);

        await session.Result.StopButton.ClickAsync();

        await session.Result.WaitForStatusAsync("Cancelled", 20_000);
        await Expect(session.Result.Error).ToContainTextAsync("stopped by a user");
        await Expect(session.Result.EventRow("task-clock")).ToBeVisibleAsync();
        await session.Result.WaitForStoredChartAsync(3);
        await Expect(session.HistoryRows.First).ToContainTextAsync("Cancelled");
        await AppFixture.ScreenshotAsync(page, "09-cancelled");
    }
}
