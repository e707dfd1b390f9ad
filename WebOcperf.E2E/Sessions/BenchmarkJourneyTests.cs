using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Sessions;

/// <summary>The original README's journey: create a session, run perf stat, read the result, share and download it.</summary>
public sealed class BenchmarkJourneyTests(AppFixture app)
{
    private const string BusyLoop = "end=$(( $(date +%s%N) + 1500000000 )); while [ $(date +%s%N) -lt $end ]; do :; done";

    [Fact]
    public async Task Create_a_session_run_perf_stat_share_and_download_the_result()
    {
        var page = await app.NewPageAsync();
        var sessions = new SessionsPage(page);
        await sessions.OpenAsync();
        await AppFixture.ScreenshotAsync(page, "01-sessions-empty");

        await sessions.CreateButton.ClickAsync();
        await Expect(sessions.TitleError).ToContainTextAsync("Enter a title");

        await sessions.CreateAsync("E2E journey");
        await AppFixture.ScreenshotAsync(page, "02-sessions-created");
        await sessions.Link("E2E journey").ClickAsync();

        var session = new SessionPage(page);
        await Expect(session.RunButton).ToBeVisibleAsync();
        await session.FillAsync("busy loop, 1.5 s", BusyLoop, "task-clock,context-switches,page-faults,cycles", "100",
            "GREETING=hello world");
        await AppFixture.ScreenshotAsync(page, "03-session-form");
        await session.RunAsync();

        await session.Result.WaitForStatusAsync("Succeeded");
        await Expect(session.Result.EventRow("task-clock")).ToContainTextAsync("msec");
        if (ThisMachine.HasHardwarePmu)
        {
            // a count, not the marker: digits with thousands separators
            await Expect(session.Result.EventRow("cycles")).Not.ToContainTextAsync("<not supported>");
            await Expect(session.Result.EventRow("cycles")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{1,3}(,\d{3})+"));
        }
        else
        {
            await Expect(session.Result.EventRow("cycles")).ToContainTextAsync("<not supported>");
        }
        await session.Result.WaitForStoredChartAsync(10);
        await Expect(session.HistoryRows.First).ToContainTextAsync("Succeeded");
        Assert.Contains("benchmark=", page.Url);
        await AppFixture.ScreenshotAsync(page, "04-session-result");

        var shareUrl = await session.Result.ShareLink.GetAttributeAsync("href");
        var shared = await app.NewPageAsync();
        await shared.GotoAsync(shareUrl!);
        var sharedResult = new BenchmarkResult(shared);
        await Expect(sharedResult.Status).ToHaveTextAsync("Succeeded");
        await Expect(sharedResult.EventRow("context-switches")).ToBeVisibleAsync();
        await sharedResult.WaitForStoredChartAsync(10);
        await AppFixture.ScreenshotAsync(shared, "05-share-page");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "perf-stat.csv (raw)" }).ClickAsync());
        var raw = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("# started on", raw);
        Assert.Contains(",task-clock,", raw);
        Assert.Equal(!ThisMachine.HasHardwarePmu, raw.Contains("<not supported>,,cycles", StringComparison.Ordinal));
        Assert.EndsWith("-perf-stat.csv", download.SuggestedFilename);

        await session.FillAsync("changed", "true", "task-clock", "", "");
        await session.HistoryLink("busy loop, 1.5 s").ClickAsync();
        await Expect(session.Description).ToHaveValueAsync("busy loop, 1.5 s");
        await Expect(session.Chips).ToHaveCountAsync(4);
        Assert.Equal(["task-clock", "context-switches", "page-faults", "cycles"], await session.ChosenEventsAsync());
        await Expect(session.Interval).ToHaveValueAsync("100");
        await Expect(session.Environment).ToHaveValueAsync("GREETING=hello world");
        await Expect(session.Result.Status).ToHaveTextAsync("Succeeded");
        app.AssertNoConsoleErrors(page, shared);
    }

    [Fact]
    public async Task A_malformed_environment_line_is_reported_and_nothing_runs()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E validation");
        await session.FillAsync("bad env", "true", "task-clock", "abc", "NOT A VARIABLE");
        await session.RunAsync();

        await Expect(session.FormErrors.Filter(new() { HasText = "line 1" })).ToBeVisibleAsync();
        await Expect(session.FormErrors.Filter(new() { HasText = "'abc' is not a whole number" })).ToBeVisibleAsync();
        await Expect(session.HistoryRows).ToHaveCountAsync(0);
        await AppFixture.ScreenshotAsync(page, "06-form-errors");
    }

    [Fact]
    public async Task A_long_workload_shown_in_the_history_leaves_elapsed_and_queued_in_view()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E long label");
        // no description: the history shows the workload itself
        await session.FillAsync("", "true " + string.Join(" ", Enumerable.Repeat("--a-long-option=value", 12)), "task-clock", "");
        await session.RunAsync();
        await session.Result.WaitForStatusAsync("Succeeded");

        await Expect(session.HistoryRows.First).ToContainTextAsync("Succeeded");
        // the form above may push the history below the fold: what counts is that nothing overflows sideways. All is
        // read in one evaluation: the history reloads itself when a run ends and may replace the row between reads.
        var edges = await page.Locator("#history").EvaluateAsync<double[]>(
            """
            history => {
                const row = history.querySelector('tbody tr[data-benchmark-id]');
                row.scrollIntoView({ block: 'nearest' });
                return [row.querySelector('td.muted').getBoundingClientRect().right, history.getBoundingClientRect().right];
            }
            """);
        Assert.True(edges[0] <= edges[1], $"the Queued cell ends at {edges[0]} px, the history card at {edges[1]} px");
        await Expect(session.HistoryRows.First.Locator("td.num")).ToBeInViewportAsync();
        await AppFixture.ScreenshotAsync(page, "18-long-history-label");
    }

    [Fact]
    public async Task Back_forward_and_reload_show_the_run_the_url_names_with_its_form()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E history navigation");
        await session.FillAsync("first run", "true", "task-clock", "100");
        await session.RunAsync();
        await session.Result.WaitForStatusAsync("Succeeded");
        await session.FillAsync("second run", "sleep 0.2", "page-faults", "");
        await session.RunAsync();
        await session.Result.WaitForStatusAsync("Succeeded");
        await Expect(session.Result.Heading).ToHaveTextAsync("second run");
        var secondUrl = page.Url;

        await session.HistoryLink("first run").ClickAsync();
        await Expect(session.Result.Heading).ToHaveTextAsync("first run");
        await Expect(session.Description).ToHaveValueAsync("first run");
        var firstUrl = page.Url;
        Assert.NotEqual(secondUrl, firstUrl);

        // the page's scripts are held back from here on, as on a slow connection: back and forward must work before
        // htmx has started (a quick second click did nothing but change the address bar)
        var releaseScripts = new TaskCompletionSource();
        await page.RouteAsync("**/lib/app/*.js*", route =>
        {
            // (file names carry a fingerprint: early-history.<hash>.js)
            if (route.Request.Url.Contains("/early-history.", StringComparison.Ordinal))
            {
                return route.ContinueAsync();
            }
            // not awaited here: the route handlers run one after the other, and a held one would hold the next too
            _ = releaseScripts.Task.ContinueWith(async _ =>
            {
                try
                {
                    await route.ContinueAsync();
                }
                catch (PlaywrightException)
                {
                    // the page that asked has navigated away meanwhile
                }
            }, TaskScheduler.Default).Unwrap();
            return Task.CompletedTask;
        });

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(secondUrl);
        await Expect(session.Result.Heading).ToHaveTextAsync("second run");
        await Expect(session.Description).ToHaveValueAsync("second run");
        await Expect(session.Workload).ToHaveValueAsync("sleep 0.2");

        // (its page cannot reach "load" while the scripts are held)
        await page.GoForwardAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page).ToHaveURLAsync(firstUrl);
        await Expect(session.Result.Heading).ToHaveTextAsync("first run");
        await Expect(session.Interval).ToHaveValueAsync("100");
        // held requests go on now, later ones at once (the handler stays: a held request of a page that has gone can
        // no longer be continued, and waiting for its handler to finish would wait for ever)
        releaseScripts.SetResult();
        await session.Result.WaitForStoredChartAsync(1);

        await page.ReloadAsync();
        await Expect(session.Result.Heading).ToHaveTextAsync("first run");
        await Expect(session.Description).ToHaveValueAsync("first run");
        app.AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task Deleting_asks_first_then_removes_the_run_and_then_the_session()
    {
        var page = await app.NewPageAsync();
        var sessions = new SessionsPage(page);
        var session = await sessions.CreateAndOpenAsync("E2E deletion");
        await session.FillAsync("to be deleted", "true", "task-clock", "");
        await session.RunAsync();
        await session.Result.WaitForStatusAsync("Succeeded");

        // dismissing the question keeps everything
        var questions = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            questions.Add(dialog.Message);
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        };
        var delete = session.Result.Section.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true });
        await delete.ClickAsync();
        Assert.Contains("cannot be undone", Assert.Single(questions));
        await page.ReloadAsync();
        await Expect(session.HistoryRows).ToHaveCountAsync(1);

        accept = true;
        await delete.ClickAsync();
        await Expect(session.HistoryRows).ToHaveCountAsync(0);
        // deleting a run reloads the session page (HX-Redirect): its buttons work once htmx has started on the new
        // document, which happens after the deferred module scripts ran, before the load event
        await page.WaitForLoadStateAsync(LoadState.Load);

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete session" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await Expect(sessions.Link("E2E deletion")).ToHaveCountAsync(0);
    }
}

