using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Benchmarks;

/// <summary>perf record in the browser: the time chart, the top functions, the flame graph and its downloads.</summary>
public sealed class RecordProfileTests(AppFixture app)
{
    private const int FlameRowHeight = 18;

    [Fact]
    public async Task A_recording_shows_where_time_went_and_downloads_folded_stacks()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E record");
        await session.SetEventsAsync([]);
        await session.Tool.SelectOptionAsync("Record");
        await Expect(session.Interval).ToBeHiddenAsync();
        await session.Description.FillAsync("awk loop, call graphs");
        await session.Workload.FillAsync("awk 'BEGIN { for (i = 0; i < 20000000; i++) s += sin(i) }'");
        await session.CallGraph.SelectOptionAsync("fp");
        await session.RunAsync();

        await session.Result.WaitForStatusAsync("Succeeded");
        var profile = new RecordProfile(page);
        await Expect(profile.Samples).Not.ToHaveTextAsync("0");
        await Expect(profile.TimeChart).ToHaveAttributeAsync("data-state", "ready");
        await Expect(profile.FunctionRows.First).ToBeVisibleAsync();
        await Expect(profile.Flame).ToHaveAttributeAsync("data-rendered", "true");
        await AppFixture.ScreenshotAsync(page, "11-record-result");

        // the second row of the icicle is the command: click it to zoom into awk
        var canvas = await profile.FlameCanvas.BoundingBoxAsync();
        await profile.FlameCanvas.ClickAsync(new() { Position = new() { X = canvas!.Width / 2, Y = FlameRowHeight * 1.5f } });
        await Expect(profile.Flame).ToHaveAttributeAsync("data-zoomed-frame", "awk");

        // awk spends its time in sin (mawk's bi_sin, libm's __sin_fma): a positive share of the samples, never 0.00
        await profile.FlameSearch.FillAsync("sin");
        await Expect(profile.Flame).ToHaveAttributeAsync("data-matched-share", new System.Text.RegularExpressions.Regex(@"^(?!0\.00$)\d+\.\d{2}$"));
        await Expect(profile.Flame).Not.ToHaveAttributeAsync("data-matched-frames", "0");
        await AppFixture.ScreenshotAsync(page, "12-record-flame-search");
        // and a name that is in no stack matches nothing
        await profile.FlameSearch.FillAsync("zzz_no_such_symbol");
        await Expect(profile.Flame).ToHaveAttributeAsync("data-matched-share", "0.00");
        await Expect(profile.Flame).ToHaveAttributeAsync("data-matched-frames", "0");
        await profile.FlameSearch.FillAsync("");

        await profile.TableFilter.FillAsync("zzz-no-such-function");
        await Expect(profile.VisibleFunctionRows).ToHaveCountAsync(0);
        await profile.TableFilter.FillAsync("");

        // drag across the middle of the time chart: the table and the flame graph follow the selected range
        var chart = profile.TimeChart.Locator("canvas");
        await chart.ScrollIntoViewIfNeededAsync();
        var area = (await chart.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(area.X + area.Width * 0.3f, area.Y + area.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(area.X + area.Width * 0.6f, area.Y + area.Height / 2, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Expect(profile.Section).ToHaveAttributeAsync("data-range", new System.Text.RegularExpressions.Regex(@"^\d+(\.\d+)?,\d+(\.\d+)?$"));
        await Expect(page.Locator("#functions")).ToContainTextAsync(" between ");
        await Expect(profile.Flame).ToHaveAttributeAsync("data-rendered", "true");
        Assert.Contains("range=", page.Url);
        await AppFixture.ScreenshotAsync(page, "14-record-range");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "folded stacks" }).ClickAsync());
        var folded = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(folded);
        Assert.All(folded, line => Assert.Matches(@"^[^;]+(;[^;]+)* \d+$", line));
        Assert.Contains(folded, line => line.StartsWith("awk;", StringComparison.Ordinal));
        // what was downloaded is the selected range, and its name says so
        Assert.Matches(@"-[\d.]+s-[\d.]+s\.folded$", download.SuggestedFilename);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "folded stacks" })).ToContainTextAsync(" s – ");
        app.AssertNoConsoleErrors(page);
    }
}
