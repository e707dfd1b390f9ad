using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Events;

/// <summary>The event picker: search by description as you type, choose with the keyboard, remove a chip, run.</summary>
public sealed class EventPickerTests(AppFixture app)
{
    [Fact]
    public async Task Events_found_by_description_are_chosen_with_the_keyboard_and_the_run_uses_the_remaining_one()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E picker");
        await session.SetEventsAsync([]);
        await session.Workload.FillAsync("ls / > /dev/null");
        await session.Interval.FillAsync("");

        await session.EventSearch.FillAsync("page faults");
        await Expect(session.EventOptions.First).ToBeVisibleAsync();
        await session.EventSearch.PressAsync("ArrowDown");
        await session.EventSearch.PressAsync("Enter");
        await session.EventSearch.PressAsync("ArrowDown");
        await session.EventSearch.PressAsync("Enter");
        await Expect(session.Chips).ToHaveCountAsync(2);
        var chosen = await session.ChosenEventsAsync();
        Assert.All(chosen, name => Assert.Contains("faults", name));
        await AppFixture.ScreenshotAsync(page, "10-event-picker");

        await session.Chips.First.GetByRole(AriaRole.Button).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.Chips).ToHaveCountAsync(1);
        await session.RunAsync();

        await session.Result.WaitForStatusAsync("Succeeded");
        await Expect(session.Result.EventRow(chosen[1])).ToBeVisibleAsync();
        await Expect(session.Result.EventsTable.Locator("tbody tr")).ToHaveCountAsync(1);
        Assert.Equal([chosen[1]], await session.ChosenEventsAsync());
    }

    [Fact]
    public async Task An_unknown_event_is_refused_before_anything_runs()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E unknown event");

        await session.FillAsync("typo", "true", "task-clock,tsak-clock", "");
        await session.RunAsync();

        await Expect(session.FormErrors).ToContainTextAsync("tsak-clock");
        await Expect(session.Chips).ToHaveCountAsync(2);
        await Expect(session.HistoryRows).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_list_typed_at_once_becomes_one_chip_per_event()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("E2E typed list");
        await session.SetEventsAsync([]);

        await session.EventSearch.FillAsync("task-clock,cpu/event=0x3c,umask=0/,{page-faults,minor-faults}");
        await session.EventSearch.PressAsync("Enter");

        await Expect(session.Chips).ToHaveCountAsync(3);
        Assert.Equal(["task-clock", "cpu/event=0x3c,umask=0/", "{page-faults,minor-faults}"], await session.ChosenEventsAsync());
    }
}
