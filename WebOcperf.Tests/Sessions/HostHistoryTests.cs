using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Data;
using WebOcperf.Tests.Hosts;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Sessions;

/// <summary>
/// A session with runs on this machine and on a host (a real sshd on loopback): the history names each run's host and
/// is filtered by host, on the page and in the API.
/// </summary>
public sealed class HostHistoryTests(RemoteHostFixture fixture) : IClassFixture<RemoteHostFixture>
{
    private readonly ApiClient api = new(fixture.App.CreateClient());

    private async Task<(Guid Session, Guid Local, Guid Remote)> RunOnBothAsync(string title)
    {
        var session = await api.CreateSessionAsync(title);
        var local = await api.SubmitAsync(session.Id, new { workload = "true", description = "on this machine" });
        var remote = await api.SubmitAsync(session.Id, new { workload = "true", description = "on the rig", host = "loopback" });
        Assert.Equal(BenchmarkStatus.Succeeded, (await api.WaitUntilFinishedAsync(local.Id, TimeSpan.FromSeconds(90))).Status);
        Assert.Equal(BenchmarkStatus.Succeeded, (await api.WaitUntilFinishedAsync(remote.Id, TimeSpan.FromSeconds(90))).Status);
        return (session.Id, local.Id, remote.Id);
    }

    private static List<Guid> IdsOf(JsonElement list) => list.EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task The_api_filters_a_sessions_benchmarks_by_host_and_local_means_this_machine()
    {
        var (session, local, remote) = await RunOnBothAsync("host filter api");

        var all = IdsOf(await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/session/{session}"));
        var onHost = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/session/{session}?host=loopback");
        var onLocal = IdsOf(await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/session/{session}?host=local"));
        var onNone = IdsOf(await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/session/{session}?host=gone-rig"));

        Assert.Equal([remote, local], all);
        Assert.Equal([remote], IdsOf(onHost));
        Assert.Equal("loopback", onHost[0].GetProperty("host").GetString());
        Assert.Equal([local], onLocal);
        Assert.Empty(onNone);
    }

    [Fact]
    public async Task A_host_filtered_page_of_the_api_links_its_next_page_with_the_same_host()
    {
        var (session, _, _) = await RunOnBothAsync("host filter paging");
        var second = await api.SubmitAsync(session, new { workload = "true", host = "loopback" });
        await api.WaitUntilFinishedAsync(second.Id, TimeSpan.FromSeconds(90));

        using var response = await api.Http.GetAsync($"/api/v1/session/{session}?host=loopback&limit=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("host=loopback", response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task The_history_names_each_runs_host_and_its_host_filter_keeps_the_runs_of_one_machine()
    {
        var (session, local, remote) = await RunOnBothAsync("host filter page");

        var page = await api.Http.GetStringAsync($"/sessions/{session}");
        var rows = Rows(page);
        var filtered = Rows(await FragmentAsync($"/sessions/{session}?handler=History&host=loopback"));
        var localOnly = Rows(await FragmentAsync($"/sessions/{session}?handler=History&host=local"));

        Assert.Contains("<select name=\"host\" aria-label=\"Host\" id=\"history-host\">", page);
        Assert.Contains(">loopback</option>", page);
        Assert.Equal([remote, local], rows.Select(r => r.Id));
        Assert.Contains("data-host=\"loopback\"", rows[0].Html);
        Assert.Contains("data-host=\"local\"", rows[1].Html);
        Assert.Equal([remote], filtered.Select(r => r.Id));
        Assert.Equal([local], localOnly.Select(r => r.Id));
    }

    /// <summary>The history's rows in order: each one's benchmark id and its HTML.</summary>
    private static List<(Guid Id, string Html)> Rows(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<tr[^>]*data-benchmark-id=\"([0-9a-f-]+)\"[^>]*>(.*?)</tr>",
                System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => (Guid.Parse(m.Groups[1].Value), m.Groups[2].Value)).ToList();

    private async Task<string> FragmentAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        using var response = await api.Http.SendAsync(request);
        return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
    }
}
