using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>
/// The queue's slots (issue 13, items 10 and 11): a benchmark taken out of the queue gives its slot back at once, and a
/// submission the full queue refuses leaves nothing behind. A fake target holds the first run, so that the others wait.
/// </summary>
public sealed class BenchmarkQueueTests : IDisposable
{
    private readonly FakeRunTarget target = new() { Perf = new FakePerf { RunsUntilStopped = true } };

    public void Dispose() => target.Dispose();

    private static readonly object Request = new { workload = "./bench", events = new[] { "task-clock" } };

    private async Task<(BenchmarkRunnerLogicTests.FakeTargetFactory Factory, ApiClient Api, Guid SessionId, Guid Running)>
        StartWithOneRunningAsync(int queueCapacity)
    {
        var factory = new BenchmarkRunnerLogicTests.FakeTargetFactory(target, new Dictionary<string, string?>
        {
            ["WebOcperf:QueueCapacity"] = queueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync("queue slots");
        var running = await api.SubmitAsync(session.Id, Request);
        await target.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (factory, api, session.Id, running.Id);
    }

    private static Task<HttpResponseMessage> PostAsync(ApiClient api, Guid sessionId) =>
        api.Http.PostAsJsonAsync($"/api/v1/session/{sessionId}", Request, TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("cancel")]
    [InlineData("delete")]
    public async Task Taking_queued_runs_out_frees_their_slots(string how)
    {
        var (factory, api, sessionId, running) = await StartWithOneRunningAsync(queueCapacity: 2);
        await using var _ = factory;
        var queued = new[] { await api.SubmitAsync(sessionId, Request), await api.SubmitAsync(sessionId, Request) };
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostAsync(api, sessionId)).StatusCode);

        foreach (var benchmark in queued)
        {
            var response = how == "cancel"
                ? await api.Http.PostAsync($"/api/v1/benchmark/{benchmark.Id}/cancel", null, TestContext.Current.CancellationToken)
                : await api.Http.DeleteAsync($"/api/v1/benchmark/{benchmark.Id}", TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(api, sessionId)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(api, sessionId)).StatusCode);
        await api.Http.PostAsync($"/api/v1/benchmark/{running}/cancel", null, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_submission_refused_by_the_full_queue_stores_nothing_and_says_when_to_retry()
    {
        var (factory, api, sessionId, running) = await StartWithOneRunningAsync(queueCapacity: 1);
        await using var _ = factory;
        await api.SubmitAsync(sessionId, Request);

        var refused = await PostAsync(api, sessionId);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("the queue is full", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var stored = await api.Http.GetFromJsonAsync<List<JsonElement>>($"/api/v1/session/{sessionId}",
            TestContext.Current.CancellationToken);
        Assert.Equal(2, stored!.Count);
        Assert.DoesNotContain(stored, b => b.GetProperty("status").GetString() == "Failed");
        await api.Http.PostAsync($"/api/v1/benchmark/{running}/cancel", null, TestContext.Current.CancellationToken);
    }
}
