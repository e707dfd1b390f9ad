using System.Text.RegularExpressions;
using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Benchmarks;

/// <summary>The chart's controls — scale, mode, legend, zoom, tooltips — and a share link that opens the same view.</summary>
public sealed partial class ChartViewTests(AppFixture app)
{
    private const string TwoSecondBusyLoop =
        "end=$(( $(date +%s%N) + 2000000000 )); while [ $(date +%s%N) -lt $end ]; do :; done";

    [Fact]
    public async Task The_view_a_user_sets_up_is_kept_in_the_url_and_the_share_link_opens_it()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E chart view");
        await session.FillAsync("chart view", TwoSecondBusyLoop, "task-clock,page-faults,context-switches", "100");
        await session.RunAsync();
        await session.Result.WaitForStatusAsync("Succeeded");
        var intervals = await session.Result.StoredIntervalCountAsync();
        await session.Result.WaitForStoredChartAsync(intervals);
        await Expect(session.Result.ChartPointsLabel).ToHaveTextAsync($"{intervals} intervals");

        var result = session.Result;
        var whole = await result.ChartViewAsync();
        Assert.Equal("linear", whole.YType);
        Assert.Equal("count per interval", whole.YTitle);
        Assert.Empty(whole.Hidden);

        var tooltip = await result.HoverTooltipAsync();
        Assert.Matches(SecondsTitle(), tooltip[0]);
        Assert.Contains(tooltip, line => TaskClockMsec().IsMatch(line));

        await result.ChartButton("Log scale").ClickAsync();
        await Expect(result.ChartButton("Log scale")).ToHaveAttributeAsync("aria-pressed", "true");
        await result.ChartButton("Rate per second").ClickAsync();
        await Expect(result.ChartButton("Rate per second")).ToHaveAttributeAsync("aria-pressed", "true");
        await result.ClickLegendAsync("page-faults");
        // one step: the zoom plugin reports a zoom (and the view is written) once the wheel has been still a moment
        await result.WheelZoomAsync(1);
        await Expect(page).ToHaveURLAsync(ZoomInUrl());

        var chosen = await result.ChartViewAsync();
        Assert.Equal("logarithmic", chosen.YType);
        Assert.Equal("per second", chosen.YTitle);
        Assert.Equal(["page-faults"], chosen.Hidden);
        Assert.True(chosen.XMax - chosen.XMin < whole.XMax - whole.XMin,
            $"zoomed to {chosen.XMin}..{chosen.XMax}, the whole run is {whole.XMin}..{whole.XMax}");
        var rateTooltip = await result.HoverTooltipAsync();
        Assert.Contains(rateTooltip, line => TaskClockMsecPerSecond().IsMatch(line));
        await AppFixture.ScreenshotAsync(page, "16-chart-view");

        // the share link now carries the view: someone opening it sees the same chart
        var shareUrl = await result.ShareLink.GetAttributeAsync("href");
        Assert.Contains("view=", shareUrl);
        var viewer = await app.NewPageAsync();
        await viewer.GotoAsync(shareUrl!);
        var shared = new BenchmarkResult(viewer);
        await shared.WaitForStoredChartAsync(intervals);
        await Expect(shared.ChartButton("Log scale")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(shared.ChartButton("Rate per second")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(shared.ChartButton("Normalise")).ToHaveAttributeAsync("aria-pressed", "false");
        var seen = await shared.ChartViewAsync();
        Assert.Equal(chosen.YType, seen.YType);
        Assert.Equal(chosen.YTitle, seen.YTitle);
        Assert.Equal(chosen.Hidden, seen.Hidden);
        Assert.Equal(chosen.XMin, seen.XMin, 0.001);
        Assert.Equal(chosen.XMax, seen.XMax, 0.001);
        await AppFixture.ScreenshotAsync(viewer, "17-chart-view-shared");

        // the legend brings an event back, and Reset zoom shows the whole run again
        await shared.ClickLegendAsync("page-faults");
        await shared.ChartButton("Reset zoom").ClickAsync();
        await Expect(viewer).Not.ToHaveURLAsync(ZoomInUrl());
        var reset = await shared.ChartViewAsync();
        Assert.Empty(reset.Hidden);
        Assert.Equal(whole.XMin, reset.XMin, 0.001);
        Assert.Equal(whole.XMax, reset.XMax, 0.001);

        app.AssertNoConsoleErrors(page, viewer);
    }

    [Fact]
    public async Task A_series_that_cannot_be_loaded_is_reported_instead_of_an_empty_chart()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E chart failure");
        await session.FillAsync("series fails", "sleep 0.3", "task-clock", "100");
        await session.RunAsync();
        await session.Result.WaitForStatusAsync("Succeeded");
        var shareUrl = await session.Result.ShareLink.GetAttributeAsync("href");

        var viewer = await app.NewPageAsync();
        await viewer.RouteAsync("**/series*", route => route.FulfillAsync(new() { Status = 503, Body = "" }));
        await viewer.GotoAsync(shareUrl!);
        var shared = new BenchmarkResult(viewer);
        await Expect(shared.ChartPointsLabel).ToHaveTextAsync("Could not load the series (HTTP 503); reload to try again");
    }

    [GeneratedRegex(@"^[\d.,]+ s$")]
    private static partial Regex SecondsTitle();

    [GeneratedRegex(@"^task-clock: [\d.,]+ msec$")]
    private static partial Regex TaskClockMsec();

    [GeneratedRegex(@"^task-clock: [\d.,e+]+ msec/s$")]
    private static partial Regex TaskClockMsecPerSecond();

    [GeneratedRegex(@"[?&]zoom=")]
    private static partial Regex ZoomInUrl();
}
