using System.Net;
using System.Text.RegularExpressions;
using WebOcperf.Data;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>Workloads and machines that misbehave: huge output, no end, no perf, no writable data directory.</summary>
public sealed partial class RunLimitsTests
{
    private sealed class ShortLimitsFactory : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:MaxRunDuration"] = "00:00:02",
            ["WebOcperf:StopGracePeriod"] = "00:00:02",
        };
    }

    /// <summary>
    /// A small log cap but a run time limit that leaves room for pushing 100 MB through a pipe on a loaded machine:
    /// this run must be judged by its output, not cut off by the clock.
    /// </summary>
    private sealed class SmallLogFactory : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:MaxWorkloadLogBytes"] = "1048576",
        };
    }

    private sealed class NoPerfFactory : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:PerfPath"] = "/nonexistent/bin/perf",
        };
    }

    [Fact]
    public async Task A_workload_writing_100_MB_succeeds_with_a_capped_log()
    {
        await using var factory = new SmallLogFactory();
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync();
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = "head -c 100000000 /dev/zero | tr '\\0' 'x'; echo; echo the-end",
            events = new[] { "task-clock" },
        });

        var finished = await api.WaitUntilFinishedAsync(benchmark.Id);
        var logPath = Path.Combine(factory.DataDirectory, "benchmarks", benchmark.Id.ToString("N"), "workload.log");
        var log = await File.ReadAllTextAsync(logPath);

        Assert.Equal((BenchmarkStatus.Succeeded, null), (finished.Status, finished.Error));
        Assert.True(new FileInfo(logPath).Length < 1_100_000, $"log is {new FileInfo(logPath).Length} bytes");
        Assert.Contains("bytes of output omitted here; 100,000,009 bytes in all", log);
        Assert.EndsWith("the-end\n", log);
    }

    [Fact]
    public async Task A_workload_that_never_ends_is_stopped_at_the_maximum_duration()
    {
        await using var factory = new ShortLimitsFactory();
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync();
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            workload = "trap '' INT; while :; do :; done",
            events = new[] { "task-clock" },
            interval = 100,
        });

        await api.ReadStreamAsync(benchmark.Id, null, TimeSpan.FromSeconds(30), e => e.Type == "sample");
        var group = Processes.GroupOf(benchmark.Id);
        var finished = await api.WaitUntilFinishedAsync(benchmark.Id);

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Contains("maximum run duration", finished.Error);
        Assert.Empty(Processes.InGroup(group));
        Assert.InRange((finished.FinishedAt - finished.StartedAt)!.Value.TotalSeconds, 1.9, 10);
        Assert.NotEmpty(finished.Results!.Intervals);
    }

    [Fact]
    public async Task A_process_that_leaves_perfs_group_does_not_hold_the_run()
    {
        await using var factory = new ShortLimitsFactory();
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync();
        var benchmark = await api.SubmitAsync(session.Id, new
        {
            // a daemon of its own session keeps the output pipe open after perf has exited
            workload = "setsid sleep 30 & echo started",
            events = new[] { "task-clock" },
        });

        var finished = await api.WaitUntilFinishedAsync(benchmark.Id, TimeSpan.FromSeconds(20));

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.True((finished.FinishedAt - finished.StartedAt)!.Value < TimeSpan.FromSeconds(10));
        Assert.Contains("started", await api.Http.GetStringAsync(finished.Links.Log));
    }

    [Fact]
    public async Task A_recording_without_samples_says_so_instead_of_failing_its_pages()
    {
        await using var factory = new WebOcperfFactory();
        var api = new ApiClient(factory.CreateClient());
        var session = await api.CreateSessionAsync();
        // one sample per 10^12 ns of task-clock: a short workload is never sampled
        var benchmark = await api.SubmitAsync(session.Id, new { workload = "true", tool = "record", period = 1_000_000_000_000 });

        var finished = await api.WaitUntilFinishedAsync(benchmark.Id);
        var page = await api.Http.GetAsync($"/benchmarks/{benchmark.Id}");
        var flame = await api.Http.GetAsync($"/benchmarks/{benchmark.Id}/profile/flame.json");
        var folded = await api.Http.GetAsync($"/api/v1/benchmark/{benchmark.Id}.folded");

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.Null(finished.Profile);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("perf recorded no samples", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, flame.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, folded.StatusCode);
    }

    [Fact]
    public async Task Without_perf_every_page_says_so_and_runs_are_refused_with_503()
    {
        await using var factory = new NoPerfFactory();
        var http = factory.CreateClient();
        var api = new ApiClient(http);
        var session = await api.CreateSessionAsync();

        var home = await http.GetStringAsync("/");
        var sessionPage = await http.GetStringAsync($"/sessions/{session.Id}");
        var run = await http.PostAsync($"/api/v1/session/{session.Id}",
            new StringContent("{\"workload\":\"true\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains("perf was not found", home);
        Assert.Contains("Runs cannot start until this is fixed", sessionPage);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, run.StatusCode);
        Assert.Contains("perf was not found", await run.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_data_directory_that_cannot_be_written_stops_the_start_with_a_clear_error()
    {
        using var factory = new UnwritableFactory();

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = error.ToString();
        Assert.Contains("cannot write its data directory '/proc/webocperf-data'", message);
        Assert.Contains("WebOcperf__DataDirectory", message);
    }

    [Fact]
    public async Task The_form_reports_each_bad_field_without_running_anything()
    {
        await using var factory = new WebOcperfFactory();
        var http = factory.CreateClient();
        var session = await new ApiClient(http).CreateSessionAsync();
        var page = await http.GetStringAsync($"/sessions/{session.Id}");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;

        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/sessions/{session.Id}?handler=Run")
        {
            Headers = { { "HX-Request", "true" }, { "RequestVerificationToken", token } },
            Content = new FormUrlEncodedContent(
            [
                new("Form.Workload", "   "),
                new("Form.Environment", "GOOD=1\nBAD LINE\n1X=2"),
                new("Form.Events", "task-clock"),
                new("Form.Events", "not_an_event_anywhere"),
                new("Form.Tool", "Stat"),
                new("Form.Interval", "-5"),
            ]),
        });
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter the workload", html);
        Assert.Contains("line 2: 'BAD LINE' has no '='", html);
        Assert.Contains("line 3: '1X' is not a valid variable name", html);
        Assert.Contains("not_an_event_anywhere", html);
        Assert.Contains("positive number of milliseconds", html);
        Assert.Contains("value=\"not_an_event_anywhere\"", html);
        Assert.Equal("[]", await http.GetStringAsync($"/api/v1/session/{session.Id}"));
    }

    private sealed class UnwritableFactory : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:DataDirectory"] = "/proc/webocperf-data",
        };
    }

    [GeneratedRegex("\"RequestVerificationToken\": \"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
