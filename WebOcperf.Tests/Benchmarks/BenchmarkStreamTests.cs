using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WebOcperf.Data;
using WebOcperf.Running;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Benchmarks;

/// <summary>The SSE stream of a real perf run: live, replayed, resumable, stoppable.</summary>
public sealed class BenchmarkStreamTests(BenchmarkStreamTests.StreamFactory factory) : IClassFixture<BenchmarkStreamTests.StreamFactory>
{
    /// <summary>The app with a clock the tests can move forward (runs still take real time).</summary>
    public sealed class StreamFactory : WebOcperfFactory
    {
        public JumpingTimeProvider Clock { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    private readonly ApiClient api = new(factory.CreateClient());

    private async Task<Guid> StartAsync(double seconds, int intervalMs = 100)
    {
        var session = await api.CreateSessionAsync();
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = ApiClient.BusyLoop(seconds),
            events = new[] { "task-clock", "context-switches", "page-faults" },
            interval = intervalMs,
        });
        return benchmark.Id;
    }

    [Fact]
    public async Task Samples_arrive_while_the_run_is_going_in_order_then_done()
    {
        var id = await StartAsync(3.0);
        var whole = api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(60));

        // live: the first sample is on the wire while perf is still running, not replayed after it ended
        await api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(30), e => e.Type == "sample");
        Assert.Equal(BenchmarkStatus.Running, (await api.GetAsync(id)).Status);
        var events = await whole;

        var samples = events.Where(e => e.Type == "sample").ToList();
        Assert.True(samples.Count >= 15, $"{samples.Count} samples");
        Assert.Equal(Enumerable.Range(0, samples.Count), samples.Select(s => s.Data.GetProperty("i").GetInt32()));
        Assert.Equal(samples.Select(s => s.Id), samples.Select(s => s.Data.GetProperty("i").GetInt32().ToString()));
        // and spread over the run as perf wrote them, not bunched (a loaded machine bunches perf's own writes a little)
        var spread = samples[^1].ArrivedAt - samples[0].ArrivedAt;
        Assert.True(spread > TimeSpan.FromSeconds(1), $"{samples.Count} samples arrived within {spread.TotalMilliseconds:0} ms");
        Assert.Equal("series", events.First(e => e.Type != "status").Type);
        Assert.Equal("done", events[^1].Type);
        Assert.Equal(BenchmarkStatus.Succeeded, events[^1].Status);
    }

    [Fact]
    public async Task A_viewer_joining_mid_run_gets_the_same_full_sequence()
    {
        var id = await StartAsync(1.5);
        var first = api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(60));
        await api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(30), e => e.Type == "sample" && e.Data.GetProperty("i").GetInt32() >= 4);

        var late = await api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(60));
        var early = await first;

        static List<string> Samples(List<StreamedEvent> events) =>
            events.Where(e => e.Type == "sample").Select(e => e.Data.GetRawText()).ToList();
        Assert.Equal(Samples(early), Samples(late));
        Assert.True(Samples(late).Count >= 10);
    }

    [Fact]
    public async Task Reconnecting_with_last_event_id_resumes_after_it()
    {
        var id = await StartAsync(1.5);
        var head = await api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(30), e => e.Type == "sample" && e.Data.GetProperty("i").GetInt32() == 3);

        var rest = await api.ReadStreamAsync(id, head[^1].Id, TimeSpan.FromSeconds(60));
        var afterwards = await api.ReadStreamAsync(id, "5", TimeSpan.FromSeconds(30));

        Assert.Equal(4, rest.First(e => e.Type == "sample").Data.GetProperty("i").GetInt32());
        Assert.Equal(6, afterwards.First(e => e.Type == "sample").Data.GetProperty("i").GetInt32());
        var all = await api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(30));
        Assert.Equal(all.Count(e => e.Type == "sample") - 4, rest.Count(e => e.Type == "sample"));
    }

    [Fact]
    public async Task Stopping_a_run_cancels_it_keeps_the_data_and_leaves_no_process()
    {
        var id = await StartAsync(30);
        var running = await api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(30), e => e.Type == "sample" && e.Data.GetProperty("i").GetInt32() >= 3);
        Assert.NotEmpty(running);
        var group = Processes.GroupOf(id);
        Assert.True(Processes.InGroup(group).Count >= 3, "perf, the wrapper and the workload run in perf's group");

        var cancel = await api.Http.PostAsync($"/api/v1/benchmark/{id}/cancel", null);
        var finished = await api.WaitUntilFinishedAsync(id);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(BenchmarkStatus.Cancelled, finished.Status);
        Assert.True(finished.Results!.Intervals.Count >= 4);
        Assert.True(finished.FinishedAt - finished.StartedAt < TimeSpan.FromSeconds(20));
        var raw = await api.Http.GetStringAsync($"/api/v1/benchmark/{id}.raw");
        Assert.Contains("task-clock", raw);
        Assert.Empty(Processes.InGroup(group));
    }

    [Fact]
    public async Task A_queued_run_can_be_cancelled_and_shows_its_queue_position()
    {
        var blocker = await StartAsync(30);
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new { workload = "true", events = new[] { "task-clock" } });

        var status = await api.ReadStreamAsync(queued.Id, null, TimeSpan.FromSeconds(10), e => e.Type == "status");
        await api.Http.PostAsync($"/api/v1/benchmark/{queued.Id}/cancel", null);
        var cancelled = await api.WaitUntilFinishedAsync(queued.Id);
        await api.Http.PostAsync($"/api/v1/benchmark/{blocker}/cancel", null);
        await api.WaitUntilFinishedAsync(blocker);

        Assert.Equal(BenchmarkStatus.Queued, status[^1].Status);
        Assert.True(status[^1].Data.GetProperty("queuePosition").GetInt32() >= 1);
        Assert.Equal(BenchmarkStatus.Cancelled, cancelled.Status);
        Assert.Null(cancelled.StartedAt);
    }

    [Fact]
    public async Task A_finished_run_is_replayed_from_its_file_then_done()
    {
        var id = await StartAsync(0.5);
        var live = await api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(60));
        var feeds = factory.Services.GetRequiredService<LiveFeeds>();
        Assert.NotNull(feeds.Find(id));

        // the feed stays in memory a while for viewers reconnecting at the end; once it is forgotten, the file answers
        factory.Clock.Jump(LiveFeeds.KeepAfterDone + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => feeds.Find(id) is null, TimeSpan.FromSeconds(10));
        var replay = await api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(30));

        static List<string> Samples(List<StreamedEvent> events) =>
            events.Where(e => e.Type == "sample").Select(e => e.Data.GetRawText()).ToList();
        Assert.True(Samples(live).Count >= 3, $"{Samples(live).Count} samples");
        Assert.Equal(Samples(live), Samples(replay));
        Assert.Equal("done", replay[^1].Type);
        Assert.Equal(BenchmarkStatus.Succeeded, replay[^1].Status);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not so within {limit.TotalSeconds:0} s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task After_a_restart_a_finished_run_is_replayed_from_its_file_and_last_event_id_still_resumes()
    {
        var id = await StartAsync(1);
        var live = await api.ReadStreamAsync(id, null, TimeSpan.FromSeconds(60));

        // a new process has no feed in memory: everything comes from perf's file
        await using var restarted = new RestartedServer(factory.DataDirectory);
        var again = new ApiClient(restarted.CreateClient());
        var replay = await again.ReadStreamAsync(id, null, TimeSpan.FromSeconds(30));
        var resumed = await again.ReadStreamAsync(id, "3", TimeSpan.FromSeconds(30));

        static List<string> Samples(List<StreamedEvent> events) =>
            events.Where(e => e.Type == "sample").Select(e => e.Data.GetRawText()).ToList();
        Assert.True(Samples(live).Count >= 5, $"{Samples(live).Count} samples");
        Assert.Equal(Samples(live), Samples(replay));
        Assert.Equal(Samples(live).Skip(4), Samples(resumed));
        Assert.Equal("done", replay[^1].Type);
        Assert.Equal("done", resumed[^1].Type);
    }
}
