namespace WebOcperf.E2E.Pages;

/// <summary>The perf record part of a result: summary, time chart, top functions and flame graph.</summary>
public sealed class RecordProfile(IPage page)
{
    public ILocator Section => page.Locator("[data-profile]");
    public ILocator Samples => page.Locator("#profile-samples");
    public ILocator TimeChart => Section.Locator(".time-chart");
    public ILocator FunctionRows => page.Locator("#functions-table tbody tr");
    public ILocator VisibleFunctionRows => page.Locator("#functions-table tbody tr:visible");
    public ILocator TableFilter => Section.Locator("input[data-table-filter]");
    public ILocator Flame => Section.Locator("[data-flame]");
    public ILocator FlameCanvas => Flame.Locator(".flame-canvas");
    public ILocator FlameSearch => Flame.Locator(".flame-search");
}
