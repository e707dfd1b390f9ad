using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Benchmarks;

/// <summary>
/// A run's command line as a person would type it beside the exact argv, each with a copy button; and perf's own file
/// downloaded straight from the history row, without leaving the page.
/// </summary>
public sealed class CommandLineTests(AppFixture app)
{
    [Fact]
    public async Task The_typed_command_line_and_the_exact_argv_are_shown_and_copied()
    {
        var page = await app.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var session = await new SessionsPage(page).CreateAndOpenAsync("command lines");
        await session.FillAsync("quoted", "echo \"it's\" && true", "task-clock", "100", "GREETING=hello world");
        await session.RunAsync();
        await session.Result.WaitForStatusAsync("Succeeded");

        const string typed = "GREETING='hello world' perf stat -x , -I 100 -e task-clock -- sh -c 'echo \"it'\\''s\" && true'";
        await Expect(session.Result.TypedCommandLine).ToHaveTextAsync(typed);
        // the exact argv keeps the server's file and the wrapper; the typed line has neither
        await Expect(session.Result.ExactCommandLine).ToContainTextAsync("perf-stat.csv");
        await Expect(session.Result.ExactCommandLine).ToContainTextAsync("webocperf-workload");
        await AppFixture.ScreenshotAsync(page, "command-lines");

        await session.Result.CopyTypedCommandLine.ClickAsync();
        await Expect(session.Result.CopyTypedCommandLine).ToHaveTextAsync("Copied");
        Assert.Equal(typed, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await session.Result.CopyExactCommandLine.ClickAsync();
        Assert.Equal(await session.Result.ExactCommandLine.TextContentAsync(), await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        app.AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task Perfs_own_file_is_downloaded_from_the_history_row_without_leaving_the_page()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("raw from history");
        await session.FillAsync("raw one", "true", "task-clock", "", "");
        await session.RunAsync();
        await session.Result.WaitForStatusAsync("Succeeded");
        await Expect(session.RawDownload("raw one")).ToHaveAttributeAsync("title", "Download perf's own file, perf-stat.csv");
        var url = page.Url;

        var download = await page.RunAndWaitForDownloadAsync(() => session.RawDownload("raw one").ClickAsync());

        var raw = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains(",task-clock,", raw);
        Assert.EndsWith("-perf-stat.csv", download.SuggestedFilename);
        Assert.Equal(url, page.Url);
        await AppFixture.ScreenshotAsync(page, "history-raw-link");
        app.AssertNoConsoleErrors(page);
    }
}
