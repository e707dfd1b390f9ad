using Microsoft.Extensions.DependencyInjection;
using WebOcperf.Data;
using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Sessions;

/// <summary>
/// A long history: the newest 50 rows first, more on "Show more" (or scrolling to it) without touching the rows already
/// there — so whatever was chosen in them survives —, and a search by description, workload and status.
/// </summary>
public sealed class HistoryPagingTests(AppFixture app)
{
    [Fact]
    public async Task A_long_history_shows_fifty_rows_then_more_and_keeps_the_rows_already_shown()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("long history");
        await InsertRunsAsync(SessionIdOf(page), 120);
        await page.ReloadAsync();

        await Expect(session.HistoryRows).ToHaveCountAsync(50);
        await Expect(session.HistoryRows.First).ToContainTextAsync("run 119");
        // something chosen in a row that is already shown (a checkbox for comparing, say) lives in its DOM element
        await session.HistoryRows.Nth(3).EvaluateAsync("row => row.dataset.chosen = 'yes'");
        await AppFixture.ScreenshotAsync(page, "history-first-page");

        await session.ShowMoreButton.ClickAsync();
        await Expect(session.HistoryRows).ToHaveCountAsync(100);
        await session.ShowMoreButton.ScrollIntoViewIfNeededAsync();
        await Expect(session.HistoryRows).ToHaveCountAsync(120);
        await Expect(session.ShowMoreButton).ToHaveCountAsync(0);

        await Expect(session.HistoryRows.Nth(3)).ToHaveAttributeAsync("data-chosen", "yes");
        await Expect(session.HistoryRows.Last).ToContainTextAsync("run 0");
        var descriptions = await session.HistoryRows.Locator("td.truncate > a").AllInnerTextsAsync();
        Assert.Equal(Enumerable.Range(0, 120).Reverse().Select(i => $"run {i}"), descriptions);
        app.AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task The_history_is_searched_by_text_and_status()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("searched history");
        await InsertRunsAsync(SessionIdOf(page), 30, failedEvery: 7);
        await page.ReloadAsync();
        await Expect(session.HistoryRows).ToHaveCountAsync(30);

        await session.HistorySearch.FillAsync("RUN 2");
        await Expect(session.HistoryRows).ToHaveCountAsync(11);
        await session.HistoryStatus.SelectOptionAsync("Failed");
        await Expect(session.HistoryRows).ToHaveCountAsync(2);
        await Expect(session.HistoryRows.First).ToContainTextAsync("run 28");
        await AppFixture.ScreenshotAsync(page, "history-searched");

        await session.HistorySearch.FillAsync("sleep 14");
        await Expect(session.HistoryRows).ToHaveCountAsync(1);
        await session.HistorySearch.FillAsync("no such run");
        await Expect(session.HistoryRows).ToHaveCountAsync(0);
        await Expect(page.Locator("#history")).ToContainTextAsync("No run matches.");
        app.AssertNoConsoleErrors(page);
    }

    private static Guid SessionIdOf(IPage page) => Guid.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);

    /// <summary>Finished runs straight into the database: "run i" runs "sleep i", the newest last.</summary>
    private async Task InsertRunsAsync(Guid sessionId, int count, int failedEvery = 0)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebOcperfDb>();
        var start = DateTime.UtcNow.AddHours(-3);
        db.Benchmarks.AddRange(Enumerable.Range(0, count).Select(i => new Benchmark
        {
            SessionId = sessionId,
            Description = $"run {i}",
            Workload = $"sleep {i}",
            Status = failedEvery > 0 && i % failedEvery == 0 ? BenchmarkStatus.Failed : BenchmarkStatus.Succeeded,
            CreatedAt = start.AddSeconds(i),
            StartedAt = start.AddSeconds(i),
            FinishedAt = start.AddSeconds(i + 0.5),
        }));
        await db.SaveChangesAsync();
    }
}
