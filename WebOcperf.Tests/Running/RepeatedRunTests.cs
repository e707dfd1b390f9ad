using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Data;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>Repeated perf stat benchmarks on the real perf: each warm-up and repetition its own invocation and files.</summary>
public sealed class RepeatedRunTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly ApiClient api = new(factory.CreateClient());

    private string BenchmarkDirectory(Guid id) => Path.Combine(factory.DataDirectory, "benchmarks", id.ToString("N"));

    /// <summary>A workload that counts its runs in a file and does something else on run <paramref name="run"/>.</summary>
    private static string OnRun(string counter, int run, string then, string otherwise) =>
        $"n=$(cat '{counter}' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '{counter}'; " +
        $"if [ $n -eq {run} ]; then {then}; else {otherwise}; fi";

    [Fact]
    public async Task Repeat_five_with_one_warm_up_runs_perf_six_times_and_keeps_five_in_the_statistics()
    {
        var session = await api.CreateSessionAsync();
        var counter = Path.Combine(factory.DataDirectory, $"runs-{Guid.NewGuid():N}");
        var queued = await api.SubmitAsync(session.Id, new
        {
            workload = $"echo run >> '{counter}'; " + ApiClient.BusyLoop(0.25),
            events = new[] { "task-clock", "page-faults" },
            interval = 100,
            repeat = 5,
            warmup = 1,
        });

        var finished = await api.WaitUntilFinishedAsync(queued.Id, TimeSpan.FromSeconds(90));

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.Equal(6, File.ReadAllLines(counter).Length);
        Assert.Equal(5, finished.Repeat);
        Assert.Equal(1, finished.Warmup);
        var repetitions = finished.Repetitions!;
        Assert.Equal([(true, 1), (false, 1), (false, 2), (false, 3), (false, 4), (false, 5)],
            repetitions.Select(r => (r.Warmup, r.Index)).ToList());
        Assert.All(repetitions, r =>
        {
            Assert.Equal(BenchmarkStatus.Succeeded, r.Status);
            Assert.True(r.WallSeconds > 0.2, $"{r.WallSeconds} s");
            Assert.Equal(0, r.WorkloadExitCode);
            Assert.True(r.Events.Single(e => e.Event == "task-clock").Total > 0);
        });
        foreach (var folder in new[] { "warmup-1", "repetition-1", "repetition-2", "repetition-3", "repetition-4", "repetition-5" })
        {
            Assert.True(new FileInfo(Path.Combine(BenchmarkDirectory(finished.Id), folder, "perf-stat.csv")).Length > 0, folder);
        }

        var taskClock = finished.Results!.Events.Single(e => e.Event == "task-clock");
        Assert.Equal(5, taskClock.Stats!.N);
        var measured = repetitions.Where(r => !r.Warmup).Select(r => r.Events.Single(e => e.Event == "task-clock").Total!.Value).ToList();
        Assert.Equal(measured.Average(), taskClock.Total!.Value, 6);
        Assert.Equal(measured.Average(), taskClock.Stats.Mean!.Value, 6);
        Assert.Equal(measured.Min(), taskClock.Stats.Min);
        Assert.Equal(5, finished.Results.WallTime!.Stats.N);
        Assert.NotEmpty(finished.Results.Intervals);

        Assert.NotNull(finished.Context);
        Assert.False(string.IsNullOrEmpty(finished.Context.Kernel));
        Assert.Matches(@"^\d+\.\d+", finished.Context.PerfVersion);
        Assert.True(finished.Context.OnlineCpus >= 1);
        Assert.NotNull(finished.Context.LoadAverage[0]);
        Assert.Contains("repetition-1", finished.CommandLine);

        // one row per invocation and event in the CSV, warm-up marked
        var csv = await api.Http.GetStringAsync($"/api/v1/benchmark/{finished.Id}.csv?repetitions=true");
        var rows = csv.Trim().Split('\n');
        Assert.StartsWith("repetition,warmup,status,event", rows[0]);
        Assert.Equal(6 * 3, rows.Length - 1);
        Assert.Contains(rows, row => row.StartsWith("1,true,Succeeded,task-clock,", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.StartsWith("5,false,Succeeded,wall time,", StringComparison.Ordinal));

        // ?repetition=k selects one repetition's raw file and series; a repetition that does not exist is a 400
        var raw3 = await api.Http.GetStringAsync($"/api/v1/benchmark/{finished.Id}.raw?repetition=3");
        Assert.Equal(File.ReadAllText(Path.Combine(BenchmarkDirectory(finished.Id), "repetition-3", "perf-stat.csv")), raw3);
        var warmupSeries = await api.Http.GetFromJsonAsync<JsonElement>($"/benchmarks/{finished.Id}/series?warmup=1");
        Assert.True(warmupSeries.GetProperty("intervalCount").GetInt32() >= 2);
        var missing = await api.Http.GetAsync($"/benchmarks/{finished.Id}/series?repetition=6");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("use 1 to 5", await missing.Content.ReadAsStringAsync());
        // the result page and its fragment say so too, rather than quietly showing repetition 1
        foreach (var page in new[] { $"/benchmarks/{finished.Id}?repetition=abc", $"/benchmarks/{finished.Id}?handler=Result&repetition=0",
                     $"/benchmarks/{finished.Id}?repetition=1&warmup=1" })
        {
            using var refused = await api.Http.GetAsync(page);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("repetition", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync($"/benchmarks/{finished.Id}?repetition=5")).StatusCode);
    }

    [Fact]
    public async Task The_stored_stream_announces_each_repetition_and_its_sample_ids_keep_increasing()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new
        {
            workload = ApiClient.BusyLoop(0.35),
            events = new[] { "task-clock" },
            interval = 100,
            repeat = 2,
            warmup = 1,
        });
        await api.WaitUntilFinishedAsync(queued.Id, TimeSpan.FromSeconds(60));

        var replay = await api.ReadStreamAsync(queued.Id, null, TimeSpan.FromSeconds(20));

        var announced = replay.Where(e => e.Type == "repetition")
            .Select(e => (e.Data.GetProperty("warmup").GetBoolean(), e.Data.GetProperty("index").GetInt32(), e.Data.GetProperty("count").GetInt32()))
            .ToList();
        Assert.Equal([(true, 1, 1), (false, 1, 2), (false, 2, 2)], announced);
        var ids = replay.Where(e => e.Type == "sample").Select(e => e.Data.GetProperty("i").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(0, ids.Count), ids);
        // each repetition's start comes right before its first sample
        var secondStart = replay.FindIndex(e => e.Type == "repetition" && e.Data.GetProperty("index").GetInt32() == 2 && !e.Data.GetProperty("warmup").GetBoolean());
        var firstSample = replay[secondStart].Data.GetProperty("firstSample").GetInt32();
        Assert.Equal(firstSample, replay.Skip(secondStart).First(e => e.Type == "sample").Data.GetProperty("i").GetInt32());

        // resuming after the last sample of the first repetition replays the second one's start and samples, and not
        // the repetitions already seen
        var resumed = await api.ReadStreamAsync(queued.Id, (firstSample - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(20));
        Assert.Equal(firstSample, resumed.First(e => e.Type == "sample").Data.GetProperty("i").GetInt32());
        var resumedStart = Assert.Single(resumed, e => e.Type == "repetition");
        Assert.Equal(2, resumedStart.Data.GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task A_workload_failing_on_its_third_repetition_fails_the_benchmark_naming_it_and_keeps_the_first_two()
    {
        var session = await api.CreateSessionAsync();
        var counter = Path.Combine(factory.DataDirectory, $"fail-{Guid.NewGuid():N}");
        var queued = await api.SubmitAsync(session.Id, new
        {
            workload = OnRun(counter, 3, "exit 7", "true"),
            events = new[] { "task-clock" },
            interval = 100,
            repeat = 5,
        });

        var finished = await api.WaitUntilFinishedAsync(queued.Id, TimeSpan.FromSeconds(60));

        Assert.Equal(BenchmarkStatus.Failed, finished.Status);
        Assert.Contains("Repetition 3 of 5 failed", finished.Error);
        Assert.Contains("7", finished.Error);
        Assert.Equal([BenchmarkStatus.Succeeded, BenchmarkStatus.Succeeded, BenchmarkStatus.Failed],
            finished.Repetitions!.Select(r => r.Status).ToList());
        Assert.Equal(7, finished.Repetitions![2].WorkloadExitCode);
        Assert.Equal(2, finished.Results!.WallTime!.Stats.N);
        Assert.Equal(1, finished.Results.WallTime.Stats.Excluded);
        Assert.False(Directory.Exists(Path.Combine(BenchmarkDirectory(finished.Id), "repetition-4")));
    }

    [Fact]
    public async Task Stop_during_the_second_of_five_repetitions_ends_it_and_skips_the_rest()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new
        {
            workload = ApiClient.BusyLoop(3),
            events = new[] { "task-clock" },
            interval = 100,
            repeat = 5,
        });

        // the second repetition has started and produced a sample
        var seen = await api.ReadStreamAsync(queued.Id, null, TimeSpan.FromSeconds(60), e =>
            e.Type == "status" && e.Data.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object
            && p.GetProperty("index").GetInt32() == 2 && !p.GetProperty("warmup").GetBoolean());
        Assert.Contains(seen, e => e.Type == "status" && e.Data.GetProperty("progress").ValueKind == JsonValueKind.Object);
        (await api.Http.PostAsync($"/api/v1/benchmark/{queued.Id}/cancel", null)).EnsureSuccessStatusCode();
        var finished = await api.WaitUntilFinishedAsync(queued.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(BenchmarkStatus.Cancelled, finished.Status);
        Assert.Contains("during repetition 2 of 5", finished.Error);
        Assert.Contains("3 were skipped", finished.Error);
        Assert.Equal([BenchmarkStatus.Succeeded, BenchmarkStatus.Cancelled], finished.Repetitions!.Select(r => r.Status).ToList());
        // the stopped repetition is shown, not counted
        Assert.Equal(1, finished.Results!.WallTime!.Stats.N);
        Assert.True(finished.Repetitions![1].WallSeconds < 2.5, $"{finished.Repetitions[1].WallSeconds} s");
    }

    [Fact]
    public async Task The_prepare_command_runs_before_every_run_and_its_failure_fails_the_benchmark_with_its_output()
    {
        var session = await api.CreateSessionAsync();
        var counter = Path.Combine(factory.DataDirectory, $"prepare-{Guid.NewGuid():N}");
        var prepared = await api.SubmitAsync(session.Id, new
        {
            workload = "true",
            events = new[] { "task-clock" },
            repeat = 3,
            warmup = 1,
            prepare = $"echo prepared >> '{counter}'",
        });
        var succeeded = await api.WaitUntilFinishedAsync(prepared.Id, TimeSpan.FromSeconds(60));

        Assert.Equal(BenchmarkStatus.Succeeded, succeeded.Status);
        Assert.Equal(4, File.ReadAllLines(counter).Length);
        Assert.Equal($"echo prepared >> '{counter}'", succeeded.Prepare);

        var failing = await api.SubmitAsync(session.Id, new
        {
            workload = "true",
            events = new[] { "task-clock" },
            repeat = 2,
            prepare = "echo cannot drop the caches >&2; exit 4",
        });
        var failed = await api.WaitUntilFinishedAsync(failing.Id, TimeSpan.FromSeconds(60));

        Assert.Equal(BenchmarkStatus.Failed, failed.Status);
        Assert.Contains("Repetition 1 of 2 failed: the prepare command exited with code 4", failed.Error);
        Assert.Contains("cannot drop the caches", failed.Error);
        var log = await api.Http.GetStringAsync($"/benchmarks/{failed.Id}/download/prepare?repetition=1");
        Assert.Contains("cannot drop the caches", log);
    }

    [Fact]
    public async Task A_repetition_slow_by_itself_is_flagged_as_an_outlier_of_the_wall_time()
    {
        var session = await api.CreateSessionAsync();
        var counter = Path.Combine(factory.DataDirectory, $"slow-{Guid.NewGuid():N}");
        var queued = await api.SubmitAsync(session.Id, new
        {
            // far slower than the others, so that perf's start-up time on a busy test machine cannot hide it: at a load
            // average of 30 on two cores the fast runs' wall times spread over 0.5–1.3 s, their MAD reaching 0.5 s, and
            // a 5 s sleep was then only 8 MADs away (flagged from 10); 12 s is over 15 even then
            workload = OnRun(counter, 3, "sleep 12", "true"),
            events = new[] { "task-clock" },
            repeat = 5,
        });

        var finished = await api.WaitUntilFinishedAsync(queued.Id, TimeSpan.FromSeconds(90));

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        // the slow one is flagged; a fast one may be too when perf's start-up jitters on a busy machine: four runs of
        // `true` cluster so tightly (a MAD of 17 ms seen in CI) that one starting 0.3 s sooner is 10 MADs away
        Assert.True(finished.Results!.WallTime!.Stats.Outliers.Contains(3),
            $"outliers [{string.Join(", ", finished.Results.WallTime.Stats.Outliers)}] of wall times " +
            string.Join(", ", finished.Repetitions!.Select(r => r.WallSeconds)));
        // kept in the statistics
        Assert.Equal(5, finished.Results.WallTime.Stats.N);
        Assert.True(finished.Results.WallTime.Stats.Max > 12);
    }

    [Fact]
    public async Task A_plain_run_keeps_its_files_in_its_directory_and_has_one_repetition_and_its_context()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new { workload = "true", events = new[] { "task-clock" } });

        var finished = await api.WaitUntilFinishedAsync(queued.Id);

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        Assert.True(File.Exists(Path.Combine(BenchmarkDirectory(finished.Id), "perf-stat.csv")));
        var repetition = Assert.Single(finished.Repetitions!);
        Assert.Equal((false, 1), (repetition.Warmup, repetition.Index));
        Assert.Equal(1, finished.Results!.Events.Single().Stats!.N);
        Assert.NotNull(finished.Context);
    }
}
