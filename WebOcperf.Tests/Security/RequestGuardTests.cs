using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Configuration;
using WebOcperf.Security;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Security;

/// <summary>DNS rebinding, cross-site writes, antiforgery, security headers and output encoding.</summary>
public sealed class RequestGuardTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private static HttpRequestMessage Get(string path, string host) =>
        new(HttpMethod.Get, path) { Headers = { Host = host } };

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5000")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("[::1]:5000")]
    [InlineData("192.168.1.5:5000")]
    public async Task Loopback_names_and_ip_literals_are_served(string host)
    {
        var response = await http.SendAsync(Get("/", host));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5000")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.nip.io:5000")]
    public async Task Other_host_names_are_refused_as_dns_rebinding_would_use_them(string host)
    {
        var page = await http.SendAsync(Get("/", host));
        var api = await http.SendAsync(Get("/api/v1/sessions", host));

        Assert.Equal(HttpStatusCode.MisdirectedRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, api.StatusCode);
        Assert.Contains("AllowedHostNames", await page.Content.ReadAsStringAsync());
        // a refusal is an answer like any other: not to be framed or sniffed
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_cross_site_origin_cannot_write_through_the_api()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions")
        {
            Content = JsonContent.Create(new { title = "from evil" }),
            Headers = { { "Origin", "http://evil.example" } },
        };

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("Cross-Site")]
    [InlineData("CROSS-SITE")]
    public async Task Sec_fetch_site_is_compared_ignoring_case(string crossSite)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions")
        {
            Content = JsonContent.Create(new { title = "x" }),
            Headers = { { "Sec-Fetch-Site", crossSite } },
        };

        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Sec_fetch_site_cross_site_is_refused_and_same_origin_is_allowed()
    {
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions")
        {
            Content = JsonContent.Create(new { title = "x" }),
            Headers = { { "Sec-Fetch-Site", "cross-site" } },
        };
        var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions")
        {
            Content = JsonContent.Create(new { title = "x" }),
            Headers = { { "Origin", "http://localhost" }, { "Sec-Fetch-Site", "same-origin" } },
        };

        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(crossSite)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(sameOrigin)).StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        var response = await http.PostAsync("/", new FormUrlEncodedContent([new("title", "no token")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var sessions = await http.GetStringAsync("/api/v1/sessions");
        Assert.DoesNotContain("no token", sessions);
    }

    [Fact]
    public async Task Pages_carry_a_strict_content_security_policy_and_the_other_headers()
    {
        var response = await http.GetAsync("/");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.DoesNotContain("<script>", (await response.Content.ReadAsStringAsync()).Replace("<script src=", ""));
    }

    [Fact]
    public async Task User_text_is_encoded_wherever_it_is_shown()
    {
        const string payload = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var api = new ApiClient(http);
        var session = await api.CreateSessionAsync(payload);
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            description = payload,
            workload = "echo '" + payload.Replace("'", "") + "'",
            events = new[] { "task-clock" },
            env = new Dictionary<string, string> { ["X"] = payload },
        });
        await api.WaitUntilFinishedAsync(benchmark.Id);

        foreach (var path in new[] { "/", $"/sessions/{session.Id}", $"/benchmarks/{benchmark.Id}", $"/benchmarks/{benchmark.Id}/plot" })
        {
            var html = await http.GetStringAsync(path);
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.Contains("&lt;script&gt;", html);
        }
    }
}

/// <summary>The access token, as Jupyter does it: required beyond loopback, or when configured.</summary>
public sealed class AccessTokenTests
{
    private sealed class TokenFactory : WebOcperfFactory
    {
        public const string Token = "s3cret-token-of-24-chars";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:RequireAccessToken"] = "true",
            ["WebOcperf:AccessToken"] = Token,
        };
    }

    [Fact]
    public async Task Without_the_token_browsers_get_a_login_page_and_scripts_a_401()
    {
        await using var factory = new TokenFactory();
        using var http = factory.CreateClient(new() { AllowAutoRedirect = false });

        var page = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Accept", "text/html" } } });
        var api = await http.GetAsync("/api/v1/sessions");
        var wrong = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/sessions")
        {
            Headers = { { "Authorization", "Bearer not-it" } },
        });
        var stylesheet = await http.GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("Access token", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, stylesheet.StatusCode);
    }

    [Fact]
    public async Task The_token_in_the_url_sets_a_strict_http_only_cookie_and_redirects_to_a_clean_url()
    {
        await using var factory = new TokenFactory();
        using var http = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        var first = await http.GetAsync($"/sessions?token={TokenFactory.Token}&x=1");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/sessions?x=1", first.Headers.Location!.ToString());
        var cookie = first.Headers.GetValues("Set-Cookie").Single();
        var cookieName = AccessTokenState.CookieNameFor(factory.DataDirectory);
        Assert.Contains($"{cookieName}={TokenFactory.Token}", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var withCookie = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Cookie", $"{cookieName}={TokenFactory.Token}" } } });
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
    }

    [Fact]
    public async Task The_api_accepts_a_bearer_token()
    {
        await using var factory = new TokenFactory();
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", TokenFactory.Token);

        var response = await http.PostAsync("/api/v1/sessions", new StringContent("{\"title\":\"t\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("http://127.0.0.1:5000", false)]
    [InlineData("http://localhost:5000;http://[::1]:5001", false)]
    [InlineData("http://0.0.0.0:5000", true)]
    [InlineData("http://*:5000", true)]
    [InlineData("http://+:5000", true)]
    [InlineData("http://[::]:5000", true)]
    [InlineData("http://192.168.1.5:5000", true)]
    [InlineData("http://perfbox.example:5000", true)]
    public void Listening_beyond_loopback_requires_a_token(string? urls, bool beyond)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();

        var listen = ListenAddresses.FromConfiguration(configuration, "http://127.0.0.1:5000");
        var state = new AccessTokenState(Microsoft.Extensions.Options.Options.Create(new WebOcperf.Infrastructure.WebOcperfOptions()), listen);

        Assert.Equal(beyond, listen.BeyondLoopback);
        Assert.Equal(beyond, state.Required);
        Assert.Equal(beyond ? 48 : 0, state.Token.Length);
    }

    [Fact]
    public void Remote_without_a_token_only_when_said_explicitly()
    {
        var listen = new ListenAddresses(["http://0.0.0.0:5000"], BeyondLoopback: true);

        var state = new AccessTokenState(Microsoft.Extensions.Options.Options.Create(
            new WebOcperf.Infrastructure.WebOcperfOptions { AllowRemoteWithoutToken = true }), listen);

        Assert.False(state.Required);
    }
}
