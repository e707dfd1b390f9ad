namespace WebOcperf.E2E.Pages;

/// <summary>A session: the benchmark form, the history and the selected result.</summary>
public sealed class SessionPage(IPage page)
{
    public ILocator Description => page.GetByLabel("Description", new() { Exact = true });
    public ILocator Workload => page.GetByLabel("Workload");
    public ILocator Environment => page.GetByLabel("Environment variables");
    public ILocator EventSearch => page.GetByRole(AriaRole.Combobox, new() { Name = "Events" });
    public ILocator EventOptions => page.Locator("#event-results [role=option]");
    public ILocator Chips => page.Locator("#event-chips .chip");
    public ILocator Interval => page.GetByLabel("Interval (ms)");
    public ILocator Tool => page.GetByLabel("Tool");
    public ILocator CallGraph => page.GetByLabel("Call graph");
    public ILocator Streaming => page.GetByLabel("Streaming");
    public ILocator Repeat => page.GetByLabel("Repeat", new() { Exact = true });
    public ILocator Warmup => page.GetByLabel("Warm-up runs");
    /// <summary>The machine the run goes to (the form's; the history's host filter is <see cref="HistoryHost"/>).</summary>
    public ILocator Host => page.Locator("#benchmark-form").GetByLabel("Host");
    public ILocator HistoryHost => page.Locator("#history").GetByLabel("Host");
    public ILocator RunButton => page.GetByRole(AriaRole.Button, new() { Name = "Run perf" });
    public ILocator HistoryRows => page.Locator("#history tbody tr[data-benchmark-id]");
    public ILocator HistorySearch => page.GetByRole(AriaRole.Searchbox, new() { Name = "Search the history" });
    public ILocator HistoryStatus => page.Locator("#history").GetByLabel("Status");
    public ILocator ShowMoreButton => page.Locator("#history-more").GetByRole(AriaRole.Button);
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator RenameButton => page.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true });
    public ILocator TitleInput => page.GetByRole(AriaRole.Textbox, new() { Name = "Session title" });
    public ILocator RenameError => page.Locator("#session-title-error");
    public ILocator FormErrors => page.Locator("#benchmark-form .field-error:not(:empty)");
    public BenchmarkResult Result { get; } = new(page);

    public async Task FillAsync(string description, string workload, string events, string interval, string environment = "",
        bool streaming = true)
    {
        await Description.FillAsync(description);
        await Workload.FillAsync(workload);
        await Environment.FillAsync(environment);
        await SetEventsAsync(events.Split(',', StringSplitOptions.RemoveEmptyEntries));
        await Interval.FillAsync(interval);
        await Streaming.SetCheckedAsync(streaming);
    }

    /// <summary>Replaces the chosen events: removes every chip, then types each name and presses Enter.</summary>
    public async Task SetEventsAsync(IEnumerable<string> events)
    {
        await WaitUntilScriptedAsync();
        while (await Chips.CountAsync() > 0)
        {
            await Chips.First.GetByRole(AriaRole.Button).ClickAsync();
        }
        foreach (var name in events)
        {
            await EventSearch.FillAsync(name);
            await EventSearch.PressAsync("Enter");
            await Expect(Chips.Filter(new() { HasText = name })).ToHaveCountAsync(1);
        }
        await EventSearch.FillAsync("");
    }

    /// <summary>
    /// Waits until the page's scripts have bound the form: a click on a link does not wait for them, and before they
    /// run Enter in the event box would submit the form instead of adding a chip.
    /// </summary>
    public Task WaitUntilScriptedAsync() =>
        Expect(page.Locator("[data-event-picker][data-bound=true]")).ToHaveCountAsync(1);

    public async Task<IReadOnlyList<string>> ChosenEventsAsync() =>
        await Chips.EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.event)");

    public async Task RunAsync()
    {
        await RunButton.ClickAsync();
    }

    /// <summary>The history row's link to perf's own file (perf-stat.csv or perf.data).</summary>
    public ILocator RawDownload(string description) =>
        page.Locator("#history").GetByRole(AriaRole.Link, new() { Name = $"Download perf-stat.csv of {description}" })
            .Or(page.Locator("#history").GetByRole(AriaRole.Link, new() { Name = $"Download perf.data of {description}" }));

    /// <summary>The badge naming the machine a run of the history ran on (shown when hosts are configured).</summary>
    public ILocator HistoryHostBadge(string description) =>
        HistoryRows.Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = description, Exact = true }) }).Locator(".host-badge");

    public ILocator HistoryLink(string description) =>
        page.Locator("#history").GetByRole(AriaRole.Link, new() { Name = description, Exact = true });
}
