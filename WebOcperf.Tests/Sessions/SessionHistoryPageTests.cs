using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Sessions;

/// <summary>
/// The session page with thousands of runs sends the newest 50 and a "Show more" that pages on by the last row shown;
/// the history is searched by description, workload and status.
/// </summary>
public sealed partial class SessionHistoryPageTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    [Fact]
    public async Task A_session_with_ten_thousand_runs_sends_the_newest_fifty_in_under_100_KB()
    {
        var session = await new ApiClient(http).CreateSessionAsync("big");
        var ids = await HistoryRows.InsertAsync(factory.Services, session.Id, 10_000);

        var html = await http.GetStringAsync($"/sessions/{session.Id}");

        Assert.Equal(Enumerable.Reverse(ids).Take(50), RowIds(html));
        Assert.True(html.Length < 100_000, $"{html.Length:N0} characters");
        Assert.Contains($"handler=HistoryMore&amp;before={ids[^50]}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_more_answers_the_next_fifty_and_the_next_button()
    {
        var session = await new ApiClient(http).CreateSessionAsync();
        var ids = await HistoryRows.InsertAsync(factory.Services, session.Id, 120);
        var newestFirst = Enumerable.Reverse(ids).ToList();

        var second = await HtmxGetAsync($"/sessions/{session.Id}?handler=HistoryMore&before={newestFirst[49]}");
        var third = await HtmxGetAsync($"/sessions/{session.Id}?handler=HistoryMore&before={newestFirst[99]}");

        Assert.Equal(newestFirst.Skip(50).Take(50), RowIds(second));
        Assert.Contains($"before={newestFirst[99]}", second, StringComparison.Ordinal);
        Assert.Equal(newestFirst.Skip(100), RowIds(third));
        Assert.DoesNotContain("HistoryMore", third, StringComparison.Ordinal);

        foreach (var (query, expected) in new[]
                 {
                     ("before=zz", "'zz' is not the id of a run"),
                     ("", "is not the id of a run"),
                     ($"before={Guid.NewGuid()}", "is no run of this session"),
                 })
        {
            using var refused = await http.GetAsync($"/sessions/{session.Id}?handler=HistoryMore&{query}");
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(expected, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_live_part_is_refreshed_down_to_its_oldest_row_including_runs_added_since()
    {
        var session = await new ApiClient(http).CreateSessionAsync();
        var ids = await HistoryRows.InsertAsync(factory.Services, session.Id, 60);
        var oldestShown = ids[^50];
        var added = await HistoryRows.InsertAsync(factory.Services, session.Id, 2, (i, b) =>
        {
            b.CreatedAt = DateTime.UtcNow.AddSeconds(i);
            return b;
        });

        var live = await HtmxGetAsync($"/sessions/{session.Id}?handler=History&live=true&downTo={oldestShown}");

        Assert.Equal(Enumerable.Reverse(added).Concat(Enumerable.Reverse(ids).Take(50)), RowIds(live));
        Assert.Contains($"downTo={oldestShown}", live, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("q=RUN+1", 11)]
    [InlineData("q=sleep+2", 1)]
    [InlineData("status=Failed", 2)]
    [InlineData("q=nothing-like-this", 0)]
    public async Task The_history_is_searched_by_description_workload_and_status(string query, int expected)
    {
        var session = await new ApiClient(http).CreateSessionAsync();
        await HistoryRows.InsertAsync(factory.Services, session.Id, 20, (i, b) =>
        {
            b.Status = i is 4 or 9 ? WebOcperf.Data.BenchmarkStatus.Failed : WebOcperf.Data.BenchmarkStatus.Succeeded;
            return b;
        });

        var list = await HtmxGetAsync($"/sessions/{session.Id}?handler=History&{query}");

        Assert.Equal(expected, RowIds(list).Count);
        if (expected == 0)
        {
            Assert.Contains("No run matches.", list, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_status_is_400()
    {
        var session = await new ApiClient(http).CreateSessionAsync();

        using var response = await http.GetAsync($"/sessions/{session.Id}?handler=History&status=Exploded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<string> HtmxGetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static List<Guid> RowIds(string html) =>
        RowIdPattern().Matches(html).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<tr[^>]*data-benchmark-id=\"([0-9a-f-]{36})\"")]
    private static partial Regex RowIdPattern();
}
