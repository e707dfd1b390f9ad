using System.Text.Json;
using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Compare;

/// <summary>Choosing runs in the history and comparing them: deltas, verdicts and the differential flame graph.</summary>
public sealed class CompareTests(AppFixture app)
{
    private static async Task<Guid> CreateSessionAsync(IAPIRequestContext api, string title)
    {
        var response = await api.PostAsync("/api/v1/sessions", new() { DataObject = new { title } });
        Assert.True(response.Ok, await response.TextAsync());
        return (await response.JsonAsync())!.Value.GetProperty("id").GetGuid();
    }

    private static async Task<Guid> SubmitAsync(IAPIRequestContext api, Guid session, object body)
    {
        var response = await api.PostAsync($"/api/v1/session/{session}", new() { DataObject = body });
        Assert.True(response.Ok, await response.TextAsync());
        return (await response.JsonAsync())!.Value.GetProperty("id").GetGuid();
    }

    private static async Task WaitUntilSucceededAsync(IAPIRequestContext api, Guid benchmark)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var json = (await (await api.GetAsync($"/api/v1/benchmark/{benchmark}.json")).JsonAsync())!.Value;
            var status = json.GetProperty("status").GetString();
            if (status is not ("Queued" or "Running"))
            {
                Assert.Equal("Succeeded", status);
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"benchmark {benchmark} is still {status}");
            // polling the API for the end of a run (there is no page to watch here)
            await Task.Delay(200);
        }
    }

    private static string BusyLoop(double seconds) => $"timeout {seconds} sh -c 'while :; do :; done'; true";

    [Fact]
    public async Task Two_recordings_selected_in_the_history_compare_with_a_differential_flame_graph()
    {
        var page = await app.NewPageAsync();
        var api = page.Context.APIRequest;
        var session = await CreateSessionAsync(api, "E2E compare recordings");
        var baseRun = await SubmitAsync(api, session, new { description = "shell loop", tool = "record", callGraph = "fp", workload = BusyLoop(1) });
        var otherRun = await SubmitAsync(api, session, new
        {
            description = "shell loop and gzip",
            tool = "record",
            callGraph = "fp",
            workload = BusyLoop(1) + " & timeout 1 sh -c 'head -c 200000000 /dev/urandom | gzip -1 > /dev/null'; wait; true",
        });
        await WaitUntilSucceededAsync(api, baseRun);
        await WaitUntilSucceededAsync(api, otherRun);

        await page.GotoAsync($"/sessions/{session}");
        // the first ticked run is the base, whatever the table's order
        await page.Locator($"#compare-{baseRun}").CheckAsync();
        await page.Locator($"#compare-{otherRun}").CheckAsync();
        await Expect(page.Locator("[data-compare-hint]")).ToContainTextAsync("2 runs selected");
        await AppFixture.ScreenshotAsync(page, "40-compare-history-selection");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();

        await page.WaitForURLAsync(url => url.Contains($"base={baseRun}") && url.Contains($"with={otherRun}"));
        var compare = new ComparePage(page);
        await Expect(compare.Heading).ToBeVisibleAsync();
        // the workload differs, and the header says so
        await Expect(compare.Header.Locator("td.differs")).ToContainTextAsync(["gzip"]);
        await Expect(compare.FunctionRow("[gzip]")).ToContainTextAsync("new");
        await Expect(compare.Flame).ToHaveAttributeAsync("data-rendered", "true");
        await page.AssertAccessibleAsync("the compare page of two recordings");
        await AppFixture.ScreenshotAsync(page, "41-compare-recordings");

        var grown = compare.GrownFrames.Filter(new() { HasText = "gzip" }).First;
        await grown.ScrollIntoViewIfNeededAsync();
        await grown.HoverAsync();
        await Expect(compare.Tooltip).ToBeVisibleAsync();
        await Expect(compare.Tooltip).ToContainTextAsync("base");
        await Expect(compare.Tooltip).ToContainTextAsync("0 samples");
        await Expect(compare.Tooltip).ToContainTextAsync("+");
        await AppFixture.ScreenshotAsync(page, "42-compare-flame-tooltip");
        await compare.Flame.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ScreenshotDirectory, "42-compare-flame-only.png") });

        await compare.WidthsToggle.ClickAsync();
        await Expect(compare.Flame).ToHaveAttributeAsync("data-widths", "base");
        // in the base's widths gzip, which the base never ran, has no frame
        await Expect(compare.Flame.Locator(".dframe", new() { HasText = "gzip" })).ToHaveCountAsync(0);
        Assert.Contains("widths=base", page.Url);
        await compare.PaletteToggle.ClickAsync();
        await Expect(compare.Flame).ToHaveAttributeAsync("data-palette", "orange-purple");
        await AppFixture.ScreenshotAsync(page, "43-compare-base-widths");

        // the URL is the view: reloading it (or sharing it) shows the same
        await page.ReloadAsync();
        await Expect(compare.Flame).ToHaveAttributeAsync("data-widths", "base");
        await Expect(compare.Flame).ToHaveAttributeAsync("data-palette", "orange-purple");
        await Expect(compare.FunctionRow("[gzip]")).ToContainTextAsync("new");

        // keyboard: focus the graph, move to a frame, zoom into it
        await compare.Flame.Locator(".diff-flame-viewport").FocusAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("Enter");
        await Expect(compare.Flame.Locator(".flame-crumbs button")).ToHaveCountAsync(1);
        app.AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task Single_stat_runs_show_deltas_and_say_that_a_verdict_needs_repeats()
    {
        var page = await app.NewPageAsync();
        var api = page.Context.APIRequest;
        var session = await CreateSessionAsync(api, "E2E compare stat");
        var events = new[] { "task-clock", "page-faults" };
        var shortRun = await SubmitAsync(api, session, new { description = "0.2 s", workload = BusyLoop(0.2), events });
        var longRun = await SubmitAsync(api, session, new { description = "1.5 s", workload = BusyLoop(1.5), events, env = new Dictionary<string, string> { ["LOOP"] = "long" } });
        var recording = await SubmitAsync(api, session, new { description = "a recording", tool = "record", workload = "true" });
        await WaitUntilSucceededAsync(api, shortRun);
        await WaitUntilSucceededAsync(api, longRun);
        await WaitUntilSucceededAsync(api, recording);

        var compare = new ComparePage(page);
        await page.GotoAsync($"/compare?base={shortRun}&with={longRun}");
        await Expect(compare.VerdictNote).ToContainTextAsync("needs repeated runs");
        // the longer loop takes longer by the clock; its CPU time (task-clock) need not be larger on a machine so busy
        // that the loop hardly runs, so only its row is asked for
        await Expect(compare.StatRow("wall time")).ToContainTextAsync("+");
        await Expect(compare.StatRow("task-clock")).ToContainTextAsync("%");
        await Expect(compare.Header.Locator("code.changed")).ToHaveTextAsync("LOOP=long");
        await page.AssertAccessibleAsync("the compare page of two stat runs");
        await AppFixture.ScreenshotAsync(page, "44-compare-stat-single");
        app.AssertNoConsoleErrors(page);

        // a stat run and a recording cannot be compared: the page says why, with 400 (which the console logs)
        var response = await page.GotoAsync($"/compare?base={shortRun}&with={recording}");
        Assert.Equal(400, response!.Status);
        await Expect(compare.Errors).ToContainTextAsync("cannot be compared");
    }
}
