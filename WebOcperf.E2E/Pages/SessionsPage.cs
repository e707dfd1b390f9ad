namespace WebOcperf.E2E.Pages;

/// <summary>The sessions list at <c>/</c>.</summary>
public sealed class SessionsPage(IPage page)
{
    public ILocator TitleBox => page.GetByLabel("Session title");
    public ILocator CreateButton => page.GetByRole(AriaRole.Button, new() { Name = "Create new session" });
    public ILocator Rows => page.Locator("#sessions-table tbody tr");
    public ILocator TitleError => page.Locator("#session-title-error");

    public async Task OpenAsync() => await page.GotoAsync("/");

    public async Task CreateAsync(string title)
    {
        await TitleBox.FillAsync(title);
        await CreateButton.ClickAsync();
        await Expect(Rows.Filter(new() { HasText = title })).ToHaveCountAsync(1);
    }

    /// <summary>Creates a session from <c>/</c> and opens it.</summary>
    public async Task<SessionPage> CreateAndOpenAsync(string title)
    {
        await OpenAsync();
        await CreateAsync(title);
        await Link(title).ClickAsync();
        var session = new SessionPage(page);
        await session.WaitUntilScriptedAsync();
        return session;
    }

    public ILocator Link(string title) => page.Locator("#sessions-table").GetByRole(AriaRole.Link, new() { Name = title, Exact = true });
}
