using System.Net;
using WebOcperf.Data;
using WebOcperf.Tests.Hosts;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running.Remote;

/// <summary>
/// Each machine has its own queue and its own limit (one run at a time by default, this machine included): a long run
/// on one machine does not delay a run on another, while a second run for the busy machine waits its turn.
/// </summary>
public sealed class PerHostQueueTests(RemoteHostFixture fixture) : IClassFixture<RemoteHostFixture>
{
    private readonly ApiClient api = new(fixture.App.CreateClient());

    /// <summary>
    /// A minute of busy shell bounded by the clock; not ApiClient.BusyLoop's text, which other tests look for among the
    /// host user's processes.
    /// </summary>
    private const string LongWorkload = "end=$(( $(date +%s) + 60 )); while [ $(date +%s) -lt $end ]; do :; done";

    [Theory]
    [InlineData("local", "loopback")]
    [InlineData("loopback", "local")]
    public async Task A_long_run_on_one_machine_does_not_delay_a_run_on_another_and_the_busy_machine_keeps_its_turn(
        string busyHost, string otherHost)
    {
        var session = await api.CreateSessionAsync($"queues {busyHost} {otherHost}");
        var events = new[] { "task-clock" };
        var longRun = await api.SubmitAsync(session.Id, new { workload = LongWorkload, events, interval = 100, host = busyHost });
        await api.ReadStreamAsync(longRun.Id, null, TimeSpan.FromSeconds(90), e => e.Type == "sample");
        var waiting = await api.SubmitAsync(session.Id, new { workload = "true", events, host = busyHost });

        var other = await api.SubmitAsync(session.Id, new { workload = "true", events, host = otherHost });
        var otherDone = await api.WaitUntilFinishedAsync(other.Id, TimeSpan.FromSeconds(50));
        var longMeanwhile = await api.GetAsync(longRun.Id);
        var waitingMeanwhile = await api.GetAsync(waiting.Id);
        var page = await api.Http.GetStringAsync($"/benchmarks/{waiting.Id}");

        Assert.Equal(BenchmarkStatus.Succeeded, otherDone.Status);
        Assert.Equal(BenchmarkStatus.Running, longMeanwhile.Status);
        Assert.Equal(BenchmarkStatus.Queued, waitingMeanwhile.Status);
        // its place counts only the runs waiting for the same machine
        Assert.Equal(1, waitingMeanwhile.QueuePosition);
        Assert.Contains(busyHost == "local" ? "position 1 in the queue" : $"position 1 in {busyHost}&#x27;s queue", page);

        using var stop = await api.Http.PostAsync($"/api/v1/benchmark/{longRun.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        Assert.Equal(BenchmarkStatus.Cancelled, (await api.WaitUntilFinishedAsync(longRun.Id, TimeSpan.FromSeconds(60))).Status);
        Assert.Equal(BenchmarkStatus.Succeeded, (await api.WaitUntilFinishedAsync(waiting.Id, TimeSpan.FromSeconds(60))).Status);
    }
}
