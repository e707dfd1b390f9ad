using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Compare;

/// <summary>From a result page to a comparison: the previous run of the session, or any run picked by searching.</summary>
public sealed class CompareWithTests(AppFixture app)
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
    public async Task Compare_with_the_previous_run_overlays_both_interval_series_and_the_picker_finds_a_run_of_another_session()
    {
        var page = await app.NewPageAsync();
        var api = page.Context.APIRequest;
        var session = await CreateSessionAsync(api, "E2E compare with previous");
        var elsewhere = await CreateSessionAsync(api, "E2E another session");
        var events = new[] { "task-clock", "page-faults" };
        var before = await SubmitAsync(api, session, new { description = "loop before", workload = BusyLoop(0.4), events, interval = 100 });
        var recording = await SubmitAsync(api, session, new { description = "a recording between", tool = "record", workload = "true" });
        var after = await SubmitAsync(api, session, new { description = "loop after", workload = BusyLoop(0.8), events, interval = 100, repeat = 3 });
        var other = await SubmitAsync(api, elsewhere, new { description = "loop on the other box", workload = BusyLoop(0.4), events, interval = 100 });
        foreach (var id in new[] { before, recording, after, other })
        {
            await WaitUntilSucceededAsync(api, id);
        }

        // the previous run of the same tool: the recording in between is skipped
        await page.GotoAsync($"/benchmarks/{after}");
        var result = new BenchmarkResult(page);
        await Expect(result.CompareWithPrevious).ToHaveAttributeAsync("href", $"/compare?base={before}&with={after}");
        await result.CompareWithPrevious.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"base={before}", StringComparison.Ordinal));

        var compare = new ComparePage(page);
        await Expect(compare.StatRow("task-clock")).ToBeVisibleAsync();
        await Expect(compare.SeriesChart).ToHaveAttributeAsync("data-rendered", "true");
        var lines = await compare.SeriesLinesAsync();
        // the repeated run is drawn by its repetition of median wall time, and the chart says so
        Assert.Equal("A · base: loop before", lines[0].Label);
        Assert.Matches(@"^B · other: loop after \(repetition [123]\)$", lines[1].Label);
        Assert.Equal(2, lines.Length);
        await Expect(page.Locator("#series-heading")).ToContainTextAsync("a repeated run shows its repetition of median wall time");
        Assert.All(lines, line => Assert.True(line.Points > 0, $"{line.Label} draws no interval"));
        Assert.StartsWith("task-clock", await compare.SeriesAxisTitleAsync(), StringComparison.Ordinal);
        await compare.SeriesChart.ScrollIntoViewIfNeededAsync();
        await AppFixture.ScreenshotAsync(page, "45-compare-interval-series");

        // another event and the rate view, kept in the URL across a reload
        await page.WaitForLoadStateAsync(LoadState.Load);
        await compare.SeriesEvent.SelectOptionAsync("page-faults");
        await Expect(compare.SeriesChart).ToHaveAttributeAsync("data-event", "page-faults");
        await compare.SeriesButton("Rate per second").ClickAsync();
        Assert.Contains("series=page-faults", page.Url, StringComparison.Ordinal);
        Assert.Contains("view=rate", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        await Expect(compare.SeriesChart).ToHaveAttributeAsync("data-event", "page-faults");
        await Expect(compare.SeriesButton("Rate per second")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal("page-faults per second", await compare.SeriesAxisTitleAsync());
        await page.AssertAccessibleAsync("the compare page of two stat runs with intervals");

        // Compare with…: finished stat runs of every session; typing narrows them; the pick is the base
        await page.GotoAsync($"/benchmarks/{after}");
        await page.WaitForLoadStateAsync(LoadState.Load);
        await result.CompareWith.Locator("summary").ClickAsync();
        await Expect(result.CompareWithChoices.Filter(new() { HasText = "loop before" })).ToHaveCountAsync(1);
        await Expect(result.CompareWithChoices.Filter(new() { HasText = "loop on the other box" })).ToHaveCountAsync(1);
        // the recording is no candidate for a stat run, nor is the run itself
        await Expect(result.CompareWithChoices.Filter(new() { HasText = "a recording between" })).ToHaveCountAsync(0);
        await Expect(result.CompareWithChoices.Filter(new() { HasText = "loop after" })).ToHaveCountAsync(0);
        await result.CompareWithSearch.FillAsync("another session");
        await Expect(result.CompareWithChoices).ToHaveCountAsync(1);
        await Expect(result.CompareWithChoices).ToHaveTextAsync("loop on the other box");
        await AppFixture.ScreenshotAsync(page, "46-result-compare-with-picker");
        await page.AssertAccessibleAsync("a result page with the Compare with… picker open");
        await result.CompareWithSearch.FillAsync("nothing like this");
        await Expect(result.CompareWith).ToContainTextAsync("No finished perf stat run matches");
        await result.CompareWithSearch.FillAsync("other box");
        await result.CompareWithChoices.First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"base={other}", StringComparison.Ordinal) && url.Contains($"with={after}", StringComparison.Ordinal));
        await Expect(compare.Header).ToContainTextAsync("E2E another session");
        app.AssertNoConsoleErrors(page);
    }
}
