using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Data;
using WebOcperf.Tests.Infrastructure;
using WebOcperf.Tests.Sessions;

namespace WebOcperf.Tests.Api;

/// <summary><c>GET /api/v1/session/{id}</c>: everything without parameters, pages with <c>limit</c> and <c>before</c>.</summary>
public sealed class HistoryPagingTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    [Fact]
    public async Task Without_parameters_every_benchmark_comes_newest_first_as_before()
    {
        var (session, ids) = await SessionWithRunsAsync(120);

        var all = await http.GetFromJsonAsync<JsonElement>($"/api/v1/session/{session}");

        Assert.Equal(Enumerable.Reverse(ids), all.EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Pages_follow_each_other_through_before_without_gaps_or_repeats()
    {
        var (session, ids) = await SessionWithRunsAsync(120);

        var seen = new List<Guid>();
        var url = $"/api/v1/session/{session}?limit=50";
        var pages = 0;
        while (url is not null)
        {
            using var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            seen.AddRange(page.EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
            pages++;
            url = response.Headers.TryGetValues("Link", out var links)
                ? links.Single().Split(';')[0].Trim('<', '>')
                : null;
            if (url is not null)
            {
                // the link is the documented form: the same limit, before = the last id of this page
                Assert.Equal($"/api/v1/session/{session}?limit=50&before={seen[^1]}", url);
            }
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task A_page_is_found_by_description_workload_and_status()
    {
        var session = await new ApiClient(http).CreateSessionAsync();
        await HistoryRows.InsertAsync(factory.Services, session.Id, 30, (i, b) =>
        {
            b.Description = i == 7 ? "Über-Test" : $"run {i}";
            b.Workload = i == 12 ? "make && ./ÜBER" : $"sleep {i}";
            b.Status = i % 10 == 3 ? BenchmarkStatus.Failed : BenchmarkStatus.Succeeded;
            return b;
        });

        var byText = await http.GetFromJsonAsync<JsonElement>($"/api/v1/session/{session.Id}?q=über");
        var byStatus = await http.GetFromJsonAsync<JsonElement>($"/api/v1/session/{session.Id}?status=failed&limit=2");

        Assert.Equal(["make && ./ÜBER", "sleep 7"], byText.EnumerateArray().Select(b => b.GetProperty("workload").GetString()));
        Assert.Equal(["run 23", "run 13"], byStatus.EnumerateArray().Select(b => b.GetProperty("description").GetString()));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("before=nonsense", "before")]
    [InlineData("before=00000000-0000-0000-0000-000000000001", "before")]
    [InlineData("status=Exploded", "status")]
    [InlineData("status=3", "status")]
    [InlineData("status=Succeeded,Failed", "status")]
    [InlineData("status=%2B2", "status")]
    public async Task Bad_paging_parameters_are_400_naming_them(string query, string field)
    {
        var (session, _) = await SessionWithRunsAsync(3);

        using var response = await http.GetAsync($"/api/v1/session/{session}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Before_a_run_of_another_session_is_400()
    {
        var (session, _) = await SessionWithRunsAsync(3);
        var (_, others) = await SessionWithRunsAsync(1);

        using var response = await http.GetAsync($"/api/v1/session/{session}?limit=2&before={others[0]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<(Guid Session, List<Guid> Ids)> SessionWithRunsAsync(int count)
    {
        var session = await new ApiClient(http).CreateSessionAsync();
        return (session.Id, await HistoryRows.InsertAsync(factory.Services, session.Id, count));
    }
}
