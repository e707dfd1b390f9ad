using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;
using WebOcperf.Testing;

namespace WebOcperf.E2E.Hosts;

/// <summary>
/// Running perf on another machine from the browser, against a real sshd on loopback known as the host <c>rig</c>:
/// the host chosen in the form, the live chart, the host in the history and its filter, and <c>/hosts</c>.
/// </summary>
public sealed class RemoteHostTests(AppFixture app, RemoteAppFixture remote) : IClassFixture<RemoteAppFixture>
{
    /// <summary>
    /// Busy for a few seconds, bounded by the clock; not the %N loop of other tests, which look for it among the host
    /// user's processes.
    /// </summary>
    // 7–8 s: long enough that a browser on a slow or busy machine, seconds from the click to an open stream, sees it live
    private const string Workload = "end=$(( $(date +%s) + 8 )); while [ $(date +%s) -lt $end ]; do :; done";

    [Fact]
    public async Task A_stat_run_on_a_chosen_host_streams_live_and_the_history_names_and_filters_its_host()
    {
        var page = await app.NewPageAsync(remote.BaseUrl);
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E remote");
        await session.FillAsync("on the rig", Workload, "task-clock,page-faults", "100");
        await session.Host.SelectOptionAsync(RemoteAppFixture.HostName);
        await session.RunAsync();

        await session.Result.WaitForStatusAsync("Running", 60_000);
        await Expect(page.Locator("#result-host")).ToHaveTextAsync(RemoteAppFixture.HostName);
        await session.Result.WaitForLivePointsAsync(5);
        await AppFixture.ScreenshotAsync(page, "50-remote-run-live");
        await session.Result.WaitForStatusAsync("Succeeded");
        await Expect(session.Result.EventRow("task-clock")).ToBeVisibleAsync();
        await Expect(session.HistoryHostBadge("on the rig")).ToHaveTextAsync(RemoteAppFixture.HostName);

        // a run on this machine beside it; the history's host filter tells them apart
        await session.FillAsync("here", "true", "task-clock", "100");
        await session.Host.SelectOptionAsync("local");
        await session.RunAsync();
        await Expect(session.HistoryHostBadge("here")).ToHaveTextAsync("local");
        await session.HistoryHost.SelectOptionAsync(RemoteAppFixture.HostName);
        await Expect(session.HistoryRows).ToHaveCountAsync(1);
        await Expect(session.HistoryLink("on the rig")).ToBeVisibleAsync();
        await session.HistoryHost.SelectOptionAsync("local");
        await Expect(session.HistoryRows).ToHaveCountAsync(1);
        await Expect(session.HistoryLink("here")).ToBeVisibleAsync();
        await session.HistoryHost.SelectOptionAsync("");
        await Expect(session.HistoryRows).ToHaveCountAsync(2);
        await AppFixture.ScreenshotAsync(page, "51-remote-history");
        await page.AssertAccessibleAsync("a session with runs on two machines");
        app.AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task The_event_picker_and_the_catalog_page_list_the_events_of_the_chosen_host()
    {
        const string intelEvent = "inst_retired.any";
        var page = await app.NewPageAsync(remote.BaseUrl);
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E events per host");
        await session.WaitUntilScriptedAsync();

        // the rig's catalog has Intel's Skylake list (its EventMap); this machine's has none
        await session.Host.SelectOptionAsync(RemoteAppFixture.HostName);
        await session.EventSearch.FillAsync("inst_retired");
        await Expect(session.EventOptions.Filter(new() { HasText = intelEvent })).ToHaveCountAsync(1);
        await AppFixture.ScreenshotAsync(page, "53-picker-of-a-host");
        await session.Host.SelectOptionAsync("local");
        await session.EventSearch.FillAsync("inst_retire");
        await Expect(page.Locator("#event-results")).ToContainTextAsync("No event matches");
        await Expect(session.EventOptions).ToHaveCountAsync(0);

        await page.GotoAsync("/events");
        await page.GetByLabel("Machine").SelectOptionAsync(RemoteAppFixture.HostName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show its events" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Event catalog of {RemoteAppFixture.HostName}");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search events by name or description" }).FillAsync("inst_retired");
        // the search has answered once the list holds only what matches
        await Expect(page.Locator("#catalog-results [data-event='branch-misses']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#catalog-results [data-event='inst_retired.any']")).ToHaveCountAsync(1);
        await AppFixture.ScreenshotAsync(page, "54-events-of-a-host");
        await page.AssertAccessibleAsync("the event catalog of a host");
        app.AssertNoConsoleErrors(page);

        // a machine no host is named after: a 400 that says so and offers the real ones, nothing of any catalog
        var wrong = await app.NewPageAsync(remote.BaseUrl);
        var answer = await wrong.GotoAsync("/events?host=nope");
        Assert.Equal(400, answer!.Status);
        await Expect(wrong.GetByRole(AriaRole.Alert)).ToContainTextAsync("'nope' is not a host here; choose one of local, rig");
        await Expect(wrong.GetByLabel("Machine")).ToBeVisibleAsync();
        await Expect(wrong.GetByRole(AriaRole.Searchbox)).ToHaveCountAsync(0);
        await AppFixture.ScreenshotAsync(wrong, "55-events-of-no-such-host");
        await wrong.AssertAccessibleAsync("the event catalog asked for a host that does not exist");
    }

    [Fact]
    public async Task The_hosts_page_lists_this_machine_and_the_host_with_their_state_and_is_accessible()
    {
        var page = await app.NewPageAsync(remote.BaseUrl);
        var hosts = new HostsPage(page);
        await hosts.OpenAsync();

        await Expect(hosts.State("local")).ToHaveTextAsync("ready");
        await Expect(hosts.State(RemoteAppFixture.HostName)).ToHaveTextAsync("ready");
        await Expect(hosts.Row(RemoteAppFixture.HostName)).ToContainTextAsync(remote.Ssh.Destination);
        await Expect(hosts.Row(RemoteAppFixture.HostName)).ToContainTextAsync("perf version");
        await Expect(hosts.Row(RemoteAppFixture.HostName)).ToContainTextAsync($"as {remote.Ssh.User}");
        await hosts.CheckAgainButton.ClickAsync();
        await Expect(hosts.CheckedBanner).ToContainTextAsync("checked just now");
        await Expect(hosts.State(RemoteAppFixture.HostName)).ToHaveTextAsync("ready");
        await AppFixture.ScreenshotAsync(page, "52-hosts");
        await page.AssertAccessibleAsync("the hosts page with a host");
        app.AssertNoConsoleErrors(page);
    }
}
