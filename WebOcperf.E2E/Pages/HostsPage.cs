namespace WebOcperf.E2E.Pages;

/// <summary><c>/hosts</c>: every machine a run can go to, with its state and what its kernel allows.</summary>
public sealed class HostsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator CheckAgainButton => page.GetByRole(AriaRole.Button, new() { Name = "Check again" });
    public ILocator CheckedBanner => page.GetByRole(AriaRole.Status);

    public async Task OpenAsync()
    {
        await page.GotoAsync("/hosts");
        await Expect(Heading).ToHaveTextAsync("Hosts");
    }

    /// <summary>A host's row: its name and destination, state, perf, kernel, CPU, PMU and the kernel's limits.</summary>
    public ILocator Row(string host) => page.Locator($"tr[data-host='{host}']");

    /// <summary>ready, unreachable or perf missing.</summary>
    public ILocator State(string host) => Row(host).Locator(".host-state .status");

    /// <summary>Why the host cannot run perf, and what its kernel's settings mean for the user's runs.</summary>
    public ILocator Notes(string host) => page.Locator($"tr[data-host-notes='{host}']");
}
