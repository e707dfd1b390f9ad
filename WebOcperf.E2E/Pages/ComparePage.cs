namespace WebOcperf.E2E.Pages;

/// <summary>The compare page <c>/compare?base=…&amp;with=…</c>: the runs' header, the delta tables, the differential flame graph.</summary>
public sealed class ComparePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Compare runs", Level = 1 });
    public ILocator Header => page.Locator("#compare-header");
    public ILocator Errors => page.Locator("#compare-errors");
    public ILocator StatTable => page.Locator("#compare-stat");
    public ILocator VerdictNote => page.Locator("#verdict-note");
    public ILocator Functions => page.Locator("#compare-functions");
    public ILocator Flame => page.Locator("[data-diff-flame]");
    public ILocator GrownFrames => page.Locator("[data-diff-flame] .dframe[data-change=grew]");
    public ILocator Tooltip => page.Locator(".diff-flame-tooltip");
    public ILocator WidthsToggle => page.Locator("[data-diff-flame] [data-action=toggle-widths]");
    public ILocator PaletteToggle => page.Locator("[data-diff-flame] [data-action=toggle-palette]");
    public ILocator FlameSearch => page.GetByRole(AriaRole.Searchbox, new() { Name = "Search functions" });

    public ILocator SeriesChart => page.Locator("#compare-series");
    public ILocator SeriesEvent => SeriesChart.GetByLabel("Event", new() { Exact = true });

    public ILocator SeriesButton(string name) =>
        SeriesChart.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The overlaid interval chart's lines: each run's label and how many intervals it draws.</summary>
    public async Task<SeriesLine[]> SeriesLinesAsync() =>
        await SeriesChart.EvaluateAsync<SeriesLine[]>(
            "island => island.compareSeries.chart.data.datasets.map(d => ({ label: d.label, points: d.data.length }))");

    /// <summary>The overlaid chart's y-axis title, which names the event and the view.</summary>
    public async Task<string> SeriesAxisTitleAsync() =>
        await SeriesChart.EvaluateAsync<string>("island => island.compareSeries.chart.options.scales.y.title.text");

    /// <summary>The row of one event in the stat table.</summary>
    public ILocator StatRow(string eventName) => StatTable.Locator($"tr[data-event='{eventName}']");

    /// <summary>The row of one function in the functions table.</summary>
    public ILocator FunctionRow(string symbol) => Functions.Locator($"tr[data-symbol='{symbol}']");
}

/// <summary>A line of the compare page's interval chart.</summary>
public sealed class SeriesLine
{
    public string Label { get; set; } = "";
    public int Points { get; set; }
}
