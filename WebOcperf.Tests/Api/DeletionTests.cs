using System.Net;
using WebOcperf.Data;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Api;

/// <summary>Deleting removes rows and files together.</summary>
public sealed class DeletionTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly ApiClient api = new(factory.CreateClient());

    private string DirectoryOf(Guid benchmarkId) => Path.Combine(factory.DataDirectory, "benchmarks", benchmarkId.ToString("N"));

    [Fact]
    public async Task Deleting_a_benchmark_removes_its_row_and_its_files()
    {
        var session = await api.CreateSessionAsync();
        var benchmark = await api.SubmitAsync(session.Id, new { workload = "true", events = new[] { "task-clock" } });
        await api.WaitUntilFinishedAsync(benchmark.Id);
        Assert.True(Directory.Exists(DirectoryOf(benchmark.Id)));

        var deleted = await api.Http.DeleteAsync($"/api/v1/benchmark/{benchmark.Id}");
        var again = await api.Http.DeleteAsync($"/api/v1/benchmark/{benchmark.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.False(Directory.Exists(DirectoryOf(benchmark.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/api/v1/benchmark/{benchmark.Id}.json")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_session_removes_all_its_benchmarks_and_files()
    {
        var session = await api.CreateSessionAsync();
        var first = await api.SubmitAsync(session.Id, new { workload = "true", events = new[] { "task-clock" } });
        var second = await api.SubmitAsync(session.Id, new { workload = "true", events = new[] { "page-faults" } });
        await api.WaitUntilFinishedAsync(first.Id);
        await api.WaitUntilFinishedAsync(second.Id);

        var deleted = await api.Http.DeleteAsync($"/api/v1/session/{session.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(Directory.Exists(DirectoryOf(first.Id)));
        Assert.False(Directory.Exists(DirectoryOf(second.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/api/v1/session/{session.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_running_benchmark_cannot_be_deleted_until_it_is_stopped()
    {
        var session = await api.CreateSessionAsync();
        var benchmark = await api.SubmitAsync(session.Id, new { workload = ApiClient.BusyLoop(60), events = new[] { "task-clock" }, interval = 100 });
        await api.ReadStreamAsync(benchmark.Id, null, TimeSpan.FromSeconds(30), e => e.Type == "sample");

        var refused = await api.Http.DeleteAsync($"/api/v1/benchmark/{benchmark.Id}");
        await api.Http.PostAsync($"/api/v1/benchmark/{benchmark.Id}/cancel", null);
        var stopped = await api.WaitUntilFinishedAsync(benchmark.Id);
        var deleted = await api.Http.DeleteAsync($"/api/v1/benchmark/{benchmark.Id}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(BenchmarkStatus.Cancelled, stopped.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }
}
