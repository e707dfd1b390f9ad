using System.Net;
using System.Text.RegularExpressions;
using WebOcperf.Infrastructure;

namespace WebOcperf.Tests.Infrastructure;

/// <summary>
/// URLs that answer htmx with a fragment and everyone else with the whole page say so with <c>Vary: HX-Request</c>,
/// and a history restore (htmx asking again for a page it has no snapshot of) gets the whole page.
/// </summary>
public sealed partial class HtmxFragmentTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    public static TheoryData<string> PageAndFragmentUrls => ["/", "/?title=x", "/sessions/{session}", "/events?handler=Search&q=clock"];

    [Theory]
    [MemberData(nameof(PageAndFragmentUrls))]
    public async Task A_url_answering_pages_and_fragments_varies_on_HX_Request(string url)
    {
        url = await WithSessionAsync(url);

        using var page = await SendAsync(url);
        using var fragment = await SendAsync(url, ("HX-Request", "true"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.Contains("HX-Request", page.Headers.Vary);
        Assert.Contains("HX-Request", fragment.Headers.Vary);
        Assert.DoesNotContain("<html", await fragment.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/sessions/{session}")]
    public async Task A_history_restore_gets_the_whole_page(string url)
    {
        url = await WithSessionAsync(url);

        using var restore = await SendAsync(url, ("HX-Request", "true"), ("HX-History-Restore-Request", "true"));

        Assert.Contains("<html", await restore.Content.ReadAsStringAsync());
        Assert.Contains("HX-Request", restore.Headers.Vary);
    }

    [Fact]
    public async Task Queuing_a_run_from_the_form_pushes_its_url_and_tells_the_history()
    {
        var session = await new ApiClient(http).CreateSessionAsync();
        var page = await http.GetStringAsync($"/sessions/{session.Id}");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/sessions/{session.Id}?handler=Run")
        {
            Headers = { { "HX-Request", "true" }, { "RequestVerificationToken", token } },
            Content = new FormUrlEncodedContent([new("Form.Workload", "true"), new("Form.Events", "task-clock"), new("Form.Tool", "Stat")]),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pushed = Assert.Single(response.Headers.GetValues("HX-Push-Url"));
        Assert.StartsWith($"/sessions/{session.Id}?benchmark=", pushed);
        Assert.Contains(HtmxEvents.HistoryChanged, Assert.Single(response.Headers.GetValues("HX-Trigger")));
        await new ApiClient(http).WaitUntilFinishedAsync(Guid.Parse(pushed[(pushed.IndexOf('=') + 1)..]));
    }

    private async Task<string> WithSessionAsync(string url)
    {
        if (!url.Contains("{session}"))
        {
            return url;
        }
        var session = await new ApiClient(http).CreateSessionAsync();
        return url.Replace("{session}", session.Id.ToString());
    }

    private async Task<HttpResponseMessage> SendAsync(string url, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        return await http.SendAsync(request);
    }

    [GeneratedRegex("\"RequestVerificationToken\": \"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
