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
    public ILocator Heading => Section.Locator(".result-head h2");
    public ILocator TypedCommandLine => page.Locator("#typed-command-line");
    public ILocator ExactCommandLine => page.Locator("#command-line");
    public ILocator CopyTypedCommandLine => Section.GetByRole(AriaRole.Button, new() { Name = "Copy the command line" });
    public ILocator CopyExactCommandLine => Section.GetByRole(AriaRole.Button, new() { Name = "Copy the exact argv" });

    public ILocator Progress => page.Locator("#result-progress");
    public ILocator ShownRepetition => page.Locator("#shown-repetition");
    public ILocator OutlierWarnings => page.Locator(".outlier-warning");
    public ILocator StatsTable => page.Locator("#stats-table");
    public ILocator StripPlot => page.Locator("#strip-plot");
    public ILocator CompareWith => page.Locator("#compare-with");
    public ILocator CompareWithSearch => CompareWith.GetByRole(AriaRole.Searchbox, new() { Name = "Find a run to compare with" });
    public ILocator CompareWithChoices => CompareWith.Locator("[data-compare-choice]");
    public ILocator CompareWithPrevious => page.GetByRole(AriaRole.Link, new() { Name = "Compare with the previous run" });

    /// <summary>
    /// Opens a repetition by clicking its dot in one event's row of the strip plot, and waits for its page to load.
    /// The dot is found by its position on the canvas, which moves when the page's layout settles late on a busy
    /// machine: a click that fell beside it (the address did not change) is tried again at the new position.
    /// </summary>
    public async Task OpenStripDotAsync(string eventName, int repetition)
    {
        var address = $"repetition={repetition}";
        for (var attempt = 1; ; attempt++)
        {
            await ClickStripDotAsync(eventName, repetition);
            try
            {
                await page.WaitForURLAsync(url => url.Contains(address, StringComparison.Ordinal),
                    new() { WaitUntil = WaitUntilState.Commit, Timeout = 10_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Clicks the strip plot's dot of one repetition in one event's row (Chart.js draws it on the canvas).</summary>
    public async Task ClickStripDotAsync(string eventName, int repetition)
    {
        await Expect(StripPlot).ToHaveAttributeAsync("data-rendered", "true");
        var canvas = StripPlot.Locator("canvas");
        await canvas.ScrollIntoViewIfNeededAsync();
        var position = await StripPlot.EvaluateAsync<double[]?>(
            "(figure, [name, k]) => { const p = figure.repetitionStrip.dotPosition(name, k); return p && [p.x, p.y]; }",
            new object[] { eventName, repetition }) ?? throw new InvalidOperationException($"no dot of repetition {repetition} in the row of {eventName}");
        await canvas.ClickAsync(new() { Position = new() { X = (float)position[0], Y = (float)position[1] } });
    }

    /// <summary>The strip plot's dots: kind ("repetition" or "outlier"), the row's event and the repetition.</summary>
    public async Task<StripDot[]> StripDotsAsync() =>
        await StripPlot.EvaluateAsync<StripDot[]>(
            """
            figure => {
                const strip = figure.repetitionStrip;
                return strip.chart.data.datasets.slice(0, 2).flatMap(d => d.data.map(dot =>
                    ({ kind: d.label, event: strip.data.rows[dot.row].event, repetition: dot.repetition, shown: dot.shown })));
            }
            """);

    /// <summary>The interval chart's lines: event and repetition (0 when the chart shows one repetition's series).</summary>
    public async Task<ChartLine[]> ChartLinesAsync() =>
        await Chart.EvaluateAsync<ChartLine[]>(
            "island => island.benchmarkChart.series.map(s => ({ name: s.name, repetition: s.repetition ?? 0 }))");

    public ILocator ChartCanvas => Chart.Locator("canvas");
    public ILocator ChartPointsLabel => Chart.Locator(".chart-points");

    public ILocator ChartButton(string name) =>
        Chart.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>What the chart shows, read from the Chart.js instance the island script created.</summary>
    public async Task<ChartView> ChartViewAsync()
    {
        return await Chart.EvaluateAsync<ChartView>(
            """
            island => {
                const chart = island.benchmarkChart.chart;
                return {
                    yType: chart.options.scales.y.type,
                    yTitle: chart.options.scales.y.title.text,
                    xMin: chart.scales.x.min,
                    xMax: chart.scales.x.max,
                    hidden: chart.data.datasets.map((d, i) => chart.isDatasetVisible(i) ? null : d.label).filter(Boolean),
                };
            }
            """);
    }

    /// <summary>Clicks an event's entry in the chart legend, which Chart.js draws on the canvas.</summary>
    public async Task ClickLegendAsync(string eventName)
    {
        var box = await Chart.EvaluateAsync<double[]>(
            """
            (island, name) => {
                const legend = island.benchmarkChart.chart.legend;
                const index = legend.legendItems.findIndex(item => item.text === name || item.text.startsWith(name + ' ('));
                const hit = legend.legendHitBoxes[index];
                return [hit.left + hit.width / 2, hit.top + hit.height / 2];
            }
            """, eventName);
        await ChartCanvas.ClickAsync(new() { Position = new() { X = (float)box[0], Y = (float)box[1] } });
    }

    /// <summary>Turns the mouse wheel over the middle of the plot, which zooms the time axis.</summary>
    public async Task WheelZoomAsync(int steps)
    {
        await ChartCanvas.ScrollIntoViewIfNeededAsync();
        var area = await Chart.EvaluateAsync<double[]>(
            """
            island => {
                const { left, right, top, bottom } = island.benchmarkChart.chart.chartArea;
                const canvas = island.querySelector('canvas').getBoundingClientRect();
                return [canvas.left + (left + right) / 2, canvas.top + (top + bottom) / 2];
            }
            """);
        await page.Mouse.MoveAsync((float)area[0], (float)area[1]);
        for (var i = 0; i < steps; i++)
        {
            await page.Mouse.WheelAsync(0, -120);
        }
    }

    /// <summary>Hovers over the middle of the plot and returns the tooltip's title and lines.</summary>
    public async Task<string[]> HoverTooltipAsync()
    {
        await ChartCanvas.ScrollIntoViewIfNeededAsync();
        var box = await ChartCanvas.BoundingBoxAsync() ?? throw new InvalidOperationException("the chart is not visible");
        var area = await Chart.EvaluateAsync<double[]>(
            "island => { const a = island.benchmarkChart.chart.chartArea; return [(a.left + a.right) / 2, (a.top + a.bottom) / 2]; }");
        await page.Mouse.MoveAsync(box.X + (float)area[0], box.Y + (float)area[1]);
        var tooltip = await page.WaitForFunctionAsync(
            """
            () => {
                const tooltip = document.querySelector('.chart-island').benchmarkChart.chart.tooltip;
                if (!tooltip.opacity || !tooltip.body?.length) return false;
                return [...tooltip.title, ...tooltip.body.flatMap(line => line.lines)];
            }
            """);
        return await tooltip.JsonValueAsync<string[]>();
    }

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

    /// <summary>
    /// Waits until the chart has drawn <paramref name="atLeast"/> intervals while the badge still says Running, and
    /// returns what the result showed then. All is read in the same moment, so a loaded machine that is slow to draw
    /// cannot make a finished run look live, nor make a live run fail a count it was never going to reach. It looks on a
    /// timer rather than on animation frames, which a starved renderer delays.
    /// </summary>
    public async Task<LiveView> WaitForLiveViewAsync(int atLeast, int timeoutMs = 30_000)
    {
        var seen = await page.WaitForFunctionAsync(
            """
            n => {
                const island = document.querySelector('.chart-island');
                const points = Number(island?.dataset.points || 0);
                const status = document.querySelector('#result-status')?.textContent.trim();
                const started = document.querySelector('#result-started')?.textContent.trim() ?? '';
                if (status !== 'Running' && status !== 'Queued') return { points, status, started, lastLive: window.__lastLiveView ?? null };
                // what the live chart had drawn, and had received but not yet drawn, the last time it was seen running
                window.__lastLiveView = { points, status, started, waiting: island?.benchmarkChart?.pending.length ?? 0 };
                return points >= n ? { points, status, started } : false;
            }
            """, atLeast, new() { Timeout = timeoutMs, PollingInterval = 100 });
        var view = await seen.JsonValueAsync<LiveView>();
        Assert.True(view.Status == "Running",
            $"wanted {atLeast} intervals drawn while the run was Running; it became {view.Status}, and when last seen " +
            (view.LastLive is { } last
                ? $"{last.Status} the chart had drawn {last.Points} and had {last.Waiting} more received but not drawn"
                : "it was never seen Queued or Running"));
        return view;
    }

    /// <inheritdoc cref="WaitForLiveViewAsync"/>
    public async Task<int> WaitForLivePointsAsync(int atLeast, int timeoutMs = 30_000) =>
        (await WaitForLiveViewAsync(atLeast, timeoutMs)).Points;

    /// <summary>
    /// Waits for the finished run's own chart: when a run ends while watched, htmx swaps in the final result, whose
    /// chart draws the stored series once it has loaded. Until then the live chart shows the same count, so waiting
    /// for a count alone can act on a chart that is about to be replaced.
    /// </summary>
    public async Task WaitForStoredChartAsync(int atLeast, int timeoutMs = 30_000) =>
        await page.WaitForFunctionAsync(
            "n => { const island = document.querySelector('.chart-island[data-finished=\"true\"]');" +
            " return !!island && island.dataset.points !== undefined && Number(island.dataset.points) >= n; }", atLeast,
            new() { Timeout = timeoutMs });

    public async Task WaitForChartPointsAsync(int atLeast, int timeoutMs = 30_000) =>
        await page.WaitForFunctionAsync(
            "n => Number(document.querySelector('.chart-island')?.dataset.points || 0) >= n", atLeast,
            new() { Timeout = timeoutMs });
}

/// <summary>The chart's view: its axes and the events hidden through the legend.</summary>
public sealed class ChartView
{
    public string YType { get; set; } = "";
    public string YTitle { get; set; } = "";
    public double XMin { get; set; }
    public double XMax { get; set; }
    public string[] Hidden { get; set; } = [];
}

/// <summary>The result of a running benchmark at one moment: intervals drawn, the status badge, the start time shown.</summary>
public sealed class LiveView
{
    public int Points { get; set; }
    public string Status { get; set; } = "";
    public string Started { get; set; } = "";

    /// <summary>Samples the chart has received and not yet drawn (it draws them on the next frame).</summary>
    public int Waiting { get; set; }

    /// <summary>Once the run has ended: the view as it was last seen while the run was live.</summary>
    public LiveView? LastLive { get; set; }
}

/// <summary>A dot of the strip plot of repetitions.</summary>
public sealed class StripDot
{
    public string Kind { get; set; } = "";
    public string Event { get; set; } = "";
    public int Repetition { get; set; }
    public bool Shown { get; set; }
}

/// <summary>A line of the interval chart: its event and, when repetitions are overlaid, its repetition.</summary>
public sealed class ChartLine
{
    public string Name { get; set; } = "";
    public int Repetition { get; set; }
}
