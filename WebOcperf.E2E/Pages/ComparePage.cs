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

    /// <summary>The row of one event in the stat table.</summary>
    public ILocator StatRow(string eventName) => StatTable.Locator($"tr[data-event='{eventName}']");

    /// <summary>The row of one function in the functions table.</summary>
    public ILocator FunctionRow(string symbol) => Functions.Locator($"tr[data-symbol='{symbol}']");
}
