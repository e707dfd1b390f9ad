namespace WebOcperf.E2E.Pages;

/// <summary>
/// axe-core run inside a page, with the page's Content-Security-Policy left on: the library's source is evaluated from
/// the test side (a script tag would rightly be blocked). Every page object's page can be checked with
/// <c>await page.AssertAccessibleAsync("what it shows")</c>.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(FindAxe()));

    /// <summary>The violations of every rule axe runs by default (WCAG 2.x A and AA, best practices), of any impact.</summary>
    public static async Task<IReadOnlyList<AxeViolation>> ViolationsAsync(this IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeSource.Value);
        }
        return await page.EvaluateAsync<AxeViolation[]>(
            """
            async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({
                id: v.id,
                impact: v.impact || '',
                help: v.help,
                nodes: v.nodes.map(n => `${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ')}`),
            }))
            """);
    }

    /// <summary>Fails with every violation, its impact, what it asks for and the elements that break it.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string what)
    {
        var violations = await page.ViolationsAsync();
        Assert.True(violations.Count == 0,
            $"axe found {violations.Count} violation(s) on {what} ({page.Url}):\n" + string.Join("\n", violations));
    }

    // the npm package the build restores into wwwroot-src/node_modules, found from the test's output directory upwards
    private static string FindAxe()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var axe = Path.Combine(directory.FullName, "wwwroot-src", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(axe))
            {
                return axe;
            }
        }
        throw new FileNotFoundException("axe-core is missing: build WebOcperf (it runs npm ci in wwwroot-src) first");
    }
}

/// <summary>One rule axe found broken, with the elements that break it (filled from the page's JSON by Playwright).</summary>
public sealed class AxeViolation
{
    public string Id { get; set; } = "";
    public string Impact { get; set; } = "";
    public string Help { get; set; } = "";
    public string[] Nodes { get; set; } = [];

    public override string ToString() => $"- {Impact} {Id}: {Help}\n    " + string.Join("\n    ", Nodes.Take(5))
        + (Nodes.Length > 5 ? $"\n    … and {Nodes.Length - 5} more" : "");
}
