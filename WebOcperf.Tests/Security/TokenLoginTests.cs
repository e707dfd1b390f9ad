using System.Net;
using WebOcperf.Security;
using WebOcperf.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Security;

/// <summary>
/// The <c>?token=</c> login on a real server started from another directory, as a published app is: its redirect goes
/// nowhere else and never fails, and no token, right or guessed, reaches the log.
/// </summary>
public sealed class TokenLoginTests : IAsyncLifetime
{
    private const string Token = "a-token-of-at-least-16-chars";
    private readonly TemporaryDataDirectory dataDirectory = new("webocperf-token-");
    private readonly TemporaryDataDirectory elsewhere = new("webocperf-cwd-");
    private ServerProcess server = null!;
    private HttpClient http = null!;

    public async ValueTask InitializeAsync()
    {
        server = await ServerProcess.StartAsync(new ServerOptions(dataDirectory.Path)
        {
            WorkingDirectory = elsewhere.Path,
            Arguments =
            [
                "--WebOcperf:RequireAccessToken", "true", "--WebOcperf:AccessToken", Token,
                // as when someone debugs the server: ASP.NET's own request lines are Information
                "--Logging:LogLevel:Microsoft.AspNetCore", "Information",
            ],
        });
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    /// <summary>The path exactly as given: a relative "//host/…" would make HttpClient go to that host.</summary>
    private Task<HttpResponseMessage> GetAsync(string pathAndQuery) =>
        http.GetAsync(new Uri(server.BaseAddress.GetLeftPart(UriPartial.Authority) + pathAndQuery));

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
        dataDirectory.Dispose();
        elsewhere.Dispose();
    }

    [Fact]
    public async Task A_backslash_path_is_refused_rather_than_redirected_to_another_site()
    {
        var response = await GetAsync($"/%5Cevil.example?token={Token}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("backslash", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/%2F%2Fevil.example")]
    public async Task A_path_that_looks_like_another_host_redirects_into_this_site(string path)
    {
        var response = await GetAsync($"{path}?token={Token}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
    }

    [Fact]
    public async Task A_non_ascii_path_redirects_to_its_encoded_clean_url()
    {
        var response = await GetAsync($"/sessions/%C3%A9t%C3%A9?token={Token}&q=%C3%BC");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sessions/%C3%A9t%C3%A9?q=%C3%BC", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task No_token_right_or_guessed_appears_in_the_log_and_the_app_reads_its_own_settings()
    {
        const string guess = "a-wrong-guess-of-the-token";
        (await GetAsync($"/?token={Token}")).Dispose();
        (await GetAsync($"/sessions?token={guess}")).Dispose();
        (await GetAsync($"/api/v1/sessions?token={guess}&x=1")).Dispose();
        await server.SignalAndWaitForExitAsync("INT");
        var lines = server.Log.Split('\n');

        // the request lines are there, without their query strings: the cap hides only what it must
        Assert.DoesNotContain(lines, line => line.Contains(guess, StringComparison.Ordinal));
        // the one line that shows the token is the one that tells the owner how to open the server
        Assert.All(lines.Where(line => line.Contains(Token, StringComparison.Ordinal)),
            line => Assert.Contains("Open WebOcperf at", line));
        Assert.Contains(lines, line => line.Contains($"Content root path: {AppContext.BaseDirectory}", StringComparison.Ordinal));
    }
}

/// <summary>Which access tokens and cookies a server accepts, decided at start-up.</summary>
public sealed class AccessTokenSettingsTests
{
    private sealed class ShortTokenFactory : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:RequireAccessToken"] = "true",
            ["WebOcperf:AccessToken"] = "x",
        };
    }

    [Fact]
    public async Task A_configured_token_shorter_than_16_characters_is_refused_at_start()
    {
        await using var factory = new ShortTokenFactory();

        var refused = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("WebOcperf:AccessToken must be at least 16 characters", refused.ToString());
    }

    [Fact]
    public void The_cookie_is_named_per_server_so_two_servers_of_one_user_keep_their_own()
    {
        var first = AccessTokenState.CookieNameFor("/home/me/.local/share/webocperf");
        var second = AccessTokenState.CookieNameFor("/home/me/other-data");

        Assert.NotEqual(first, second);
        Assert.Equal(first, AccessTokenState.CookieNameFor("/home/me/.local/share/webocperf"));
        Assert.StartsWith("webocperf-token-", first);
    }
}
