using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Sessions;

/// <summary>Typing in the sessions page's title box filters the list (htmx active search): what matches and what not.</summary>
public sealed class SessionSearchTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    [Theory]
    [InlineData("über", "Über-Test Größe")]
    [InlineData("GRÖSSE", null)]
    [InlineData("größe", "Über-Test Größe")]
    [InlineData("50%", "50% done_x")]
    [InlineData("e_x", "50% done_x")]
    [InlineData("%", "50% done_x")]
    [InlineData("DONE", "50% done_x")]
    public async Task The_filter_matches_titles_containing_the_text_ignoring_case(string typed, string? expected)
    {
        var api = new ApiClient(http);
        var unique = Guid.NewGuid().ToString("N")[..8];
        await api.CreateSessionAsync($"Über-Test Größe {unique}");
        await api.CreateSessionAsync($"50% done_x {unique}");
        await api.CreateSessionAsync($"plain {unique}");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/?title={Uri.EscapeDataString(typed)}");
        request.Headers.Add("HX-Request", "true");
        var rows = System.Net.WebUtility.HtmlDecode(await (await http.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadAsStringAsync());

        var shown = new[] { "Über-Test Größe", "50% done_x", "plain" }.Where(title => rows.Contains($"{title} {unique}")).ToList();
        Assert.Equal(expected is null ? [] : [expected], shown);
    }
}
