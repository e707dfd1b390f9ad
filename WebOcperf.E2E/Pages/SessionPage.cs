namespace WebOcperf.E2E.Pages;

/// <summary>A session: the benchmark form, the history and the selected result.</summary>
public sealed class SessionPage(IPage page)
{
    public ILocator Description => page.GetByLabel("Description", new() { Exact = true });
    public ILocator Workload => page.GetByLabel("Workload");
    public ILocator Environment => page.GetByLabel("Environment variables");
    public ILocator Events => page.GetByLabel("Events", new() { Exact = true });
    public ILocator Interval => page.GetByLabel("Interval (ms)");
    public ILocator Streaming => page.GetByLabel("Streaming");
    public ILocator RunButton => page.GetByRole(AriaRole.Button, new() { Name = "Run perf" });
    public ILocator HistoryRows => page.Locator("#history tbody tr");
    public ILocator FormErrors => page.Locator("#benchmark-form .field-error:not(:empty)");
    public BenchmarkResult Result { get; } = new(page);

    public async Task FillAsync(string description, string workload, string events, string interval, string environment = "",
        bool streaming = true)
    {
        await Description.FillAsync(description);
        await Workload.FillAsync(workload);
        await Environment.FillAsync(environment);
        await Events.FillAsync(events);
        await Interval.FillAsync(interval);
        await Streaming.SetCheckedAsync(streaming);
    }

    public async Task RunAsync()
    {
        await RunButton.ClickAsync();
    }

    public ILocator HistoryLink(string description) =>
        page.Locator("#history").GetByRole(AriaRole.Link, new() { Name = description, Exact = true });
}
