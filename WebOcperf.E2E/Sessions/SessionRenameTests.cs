using WebOcperf.E2E.Infrastructure;
using WebOcperf.E2E.Pages;

namespace WebOcperf.E2E.Sessions;

/// <summary>A session is renamed in place, by mouse or keyboard alone, with the same title rules as at creation.</summary>
public sealed class SessionRenameTests(AppFixture app)
{
    [Fact]
    public async Task A_session_is_renamed_in_place_with_the_keyboard()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("rename me");
        await Expect(session.Heading).ToHaveTextAsync("rename me");

        await session.RenameButton.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.TitleInput).ToBeFocusedAsync();
        await Expect(session.TitleInput).ToHaveValueAsync("rename me");
        await AppFixture.ScreenshotAsync(page, "session-rename-form");

        await session.TitleInput.FillAsync("   ");
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.RenameError).ToContainTextAsync("Enter a title");
        await Expect(session.TitleInput).ToBeFocusedAsync();

        await session.TitleInput.FillAsync("renamed by keyboard");
        await page.Keyboard.PressAsync("Enter");

        await Expect(session.Heading).ToHaveTextAsync("renamed by keyboard");
        await Expect(session.RenameButton).ToBeFocusedAsync();
        await Expect(page).ToHaveTitleAsync("renamed by keyboard · WebOcperf");
        await page.ReloadAsync();
        await Expect(session.Heading).ToHaveTextAsync("renamed by keyboard");
        app.AssertNoConsoleErrors(page);
    }

    [Fact]
    public async Task Cancel_keeps_the_title()
    {
        var page = await app.NewPageAsync();
        var session = await new SessionsPage(page).CreateAndOpenAsync("kept title");

        await session.RenameButton.ClickAsync();
        await session.TitleInput.FillAsync("never saved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(session.Heading).ToHaveTextAsync("kept title");
        await Expect(session.RenameButton).ToBeFocusedAsync();
        await page.ReloadAsync();
        await Expect(session.Heading).ToHaveTextAsync("kept title");
    }
}
