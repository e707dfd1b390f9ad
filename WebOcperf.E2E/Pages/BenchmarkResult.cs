namespace WebOcperf.E2E.Pages;

/// <summary>The result view of one benchmark, on the session page or the share page.</summary>
public sealed class BenchmarkResult(IPage page)
{
    public ILocator Section => page.Locator("#result");
    public ILocator Status => page.Locator("#result-status");
    public ILocator EventsTable => page.Locator("#events-table");
    public ILocator Chart => page.Locator(".chart-island");
    public ILocator ShareLink => page.Locator("#share-link");
    public ILocator StopButton => Section.GetByRole(AriaRole.Button, new() { Name = "Stop" });
    public ILocator Error => page.Locator("#result-error");

    public ILocator EventRow(string name) => EventsTable.Locator("tbody tr").Filter(new() { HasText = name });

    public Task WaitForStatusAsync(string status, int timeoutMs = 60_000) =>
        Expect(Status).ToHaveTextAsync(status, new() { Timeout = timeoutMs });

    /// <summary>How many intervals the chart has drawn, as the chart script reports it.</summary>
    public async Task<int> ChartPointsAsync()
    {
        var points = await Chart.GetAttributeAsync("data-points");
        return int.TryParse(points, out var n) ? n : 0;
    }

    /// <summary>How many intervals perf wrote for the run shown, as the JSON API reports them.</summary>
    public async Task<int> StoredIntervalCountAsync()
    {
        // the chart's stream URL is /benchmarks/{id}/events
        var streamUrl = await Chart.GetAttributeAsync("data-stream-url") ?? throw new InvalidOperationException("no chart");
        var id = streamUrl.Split('/', StringSplitOptions.RemoveEmptyEntries)[1];
        var response = await page.APIRequest.GetAsync($"/api/v1/benchmark/{id}.json");
        Assert.True(response.Ok, $"GET /api/v1/benchmark/{id}.json: {response.Status}");
        var benchmark = await response.JsonAsync();
        return benchmark!.Value.GetProperty("results").GetProperty("intervals").GetArrayLength();
    }

    public async Task WaitForChartPointsAsync(int atLeast, int timeoutMs = 30_000) =>
        await page.WaitForFunctionAsync(
            "n => Number(document.querySelector('.chart-island')?.dataset.points || 0) >= n", atLeast,
            new() { Timeout = timeoutMs });
}
