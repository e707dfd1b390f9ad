using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Benchmarks;

/// <summary>A repeated benchmark in the browser: progress while it runs, the strip plot, an outlier, each repetition.</summary>
public sealed class RepetitionTests(AppFixture app)
{
    [Fact]
    public async Task Repeat_5_shows_its_progress_a_strip_plot_with_the_slow_repetition_flagged_and_opens_a_clicked_repetition()
    {
        var counter = Path.Combine(Path.GetTempPath(), $"webocperf-e2e-repetition-{Guid.NewGuid():N}");
        try
        {
            var page = await app.NewPageAsync();
            var session = await new SessionsPage(page).CreateAndOpenAsync("E2E repetitions");
            // every text the progress shows, however briefly (a repetition of 0.5 s can be over before a poll comes round)
            await page.EvaluateAsync(
                """
                () => {
                    window.__progress = [];
                    new MutationObserver(() => {
                        const text = document.querySelector('#result-progress')?.textContent.trim();
                        if (text && window.__progress.at(-1) !== text) window.__progress.push(text);
                    }).observe(document.body, { subtree: true, childList: true, characterData: true });
                }
                """);
            // the third repetition sleeps 12 s, the others 0.5 s: its wall time is an outlier by any measure, even when
            // perf's start-up varies by up to a second on a loaded machine (MAD ≈ half that variation, z ≫ 10)
            var workload = $"n=$(( $(cat {counter} 2>/dev/null || echo 0) + 1 )); echo $n > {counter}; " +
                "if [ $n -eq 3 ]; then sleep 12; else sleep 0.5; fi";
            await session.FillAsync("repeat five", workload, "task-clock", "100");
            await session.Repeat.FillAsync("5");
            await session.RunAsync();

            await Expect(session.Result.Progress).ToContainTextAsync("repetition 3 of 5", new() { Timeout = 60_000 });
            await session.Result.WaitForStatusAsync("Succeeded", 90_000);
            await Expect(session.Result.Progress).ToHaveTextAsync("×5");
            var progress = await page.EvaluateAsync<string[]>("() => window.__progress");
            // the status stream sends the latest state, so a loaded machine may merge two quick steps into one: what
            // is seen counts upwards, includes the slow third and goes on past it
            var seen = progress.Where(text => text.StartsWith("repetition ", StringComparison.Ordinal))
                .Select(text => int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.True(seen.SequenceEqual(seen.Order().Distinct()) && seen.Contains(3) && seen.Max() > 3,
                $"progress shown: {string.Join(" | ", progress)}");
            Assert.All(progress.Where(text => text.StartsWith("repetition ", StringComparison.Ordinal)),
                text => Assert.EndsWith(" of 5", text, StringComparison.Ordinal));

            await Expect(session.Result.OutlierWarnings.Filter(new() { HasText = "Repetition 3 took" })).ToHaveCountAsync(1);
            await Expect(session.Result.StripPlot).ToHaveAttributeAsync("data-rendered", "true");
            var dots = await session.Result.StripDotsAsync();
            Assert.Equal(5, dots.Count(d => d.Event == "wall time"));
            Assert.Equal(5, dots.Count(d => d.Event == "task-clock"));
            Assert.Contains(dots, d => d is { Kind: "outlier", Event: "wall time", Repetition: 3 });
            Assert.Equal([1, 1], dots.Where(d => d.Shown).Select(d => d.Repetition));
            await session.Result.StripPlot.ScrollIntoViewIfNeededAsync();
            await AppFixture.ScreenshotAsync(page, "50-repeated-result-strip-plot");
            await page.AssertAccessibleAsync("the result of a repeated benchmark with its strip plot");

            // a dot opens its repetition: the chart and the table show it, and its dots are ringed
            await session.Result.OpenStripDotAsync("wall time", 2);
            var result = new BenchmarkResult(page);
            await Expect(result.ShownRepetition).ToContainTextAsync("repetition 2");
            await Expect(result.StripPlot).ToHaveAttributeAsync("data-rendered", "true");
            Assert.Equal([2, 2], (await result.StripDotsAsync()).Where(d => d.Shown).Select(d => d.Repetition));

            // the overlay draws every repetition's series on one time axis, and the URL keeps it
            await page.WaitForLoadStateAsync(LoadState.Load);
            await result.ChartButton("All repetitions").ClickAsync();
            await Expect(result.Chart).ToHaveAttributeAsync("data-overlay", "true");
            Assert.Equal([1, 2, 3, 4, 5], (await result.ChartLinesAsync()).Select(l => l.Repetition).Order());
            await Expect(result.ChartButton("All repetitions")).ToHaveAttributeAsync("aria-pressed", "true");
            Assert.Contains("view=overlay", page.Url, StringComparison.Ordinal);
            await result.Chart.ScrollIntoViewIfNeededAsync();
            await AppFixture.ScreenshotAsync(page, "51-repeated-result-overlay");
            await page.ReloadAsync();
            await Expect(result.Chart).ToHaveAttributeAsync("data-overlay", "true");
            await result.ChartButton("All repetitions").ClickAsync();
            await Expect(result.Chart).ToHaveAttributeAsync("data-overlay", "false");
            Assert.All(await result.ChartLinesAsync(), line => Assert.Equal(0, line.Repetition));
            await page.AssertAccessibleAsync("the result of one repetition, overlay toggled");
            app.AssertNoConsoleErrors(page);
        }
        finally
        {
            File.Delete(counter);
        }
    }
}
