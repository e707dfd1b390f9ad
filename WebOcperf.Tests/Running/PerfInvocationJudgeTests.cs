using WebOcperf.Data;
using WebOcperf.Running;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>How an ended perf invocation is judged, on perf 6.1's own words.</summary>
public sealed class PerfInvocationJudgeTests
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    [Fact]
    public void A_recording_that_perf_stopped_at_its_size_cap_succeeded_with_a_note()
    {
        // perf 6.1 exits 143 there and the wrapper, SIGTERMed, writes no status
        var stderr = Golden.Read("Perf", "Record", "Golden", "perf-record-max-size-stderr.txt");

        var (status, note) = PerfInvocationRunner.Judge(new PerfExit(143, StopReason.None, stderr, WorkloadStatus: null), MaxDuration,
            2L << 30);

        Assert.Equal(BenchmarkStatus.Succeeded, status);
        Assert.Equal("the recording reached its size cap of 2 GiB (WebOcperf:MaxRecordingBytes), so perf stopped it and the " +
            "workload was ended; the samples up to then are kept", note);
    }

    [Fact]
    public void A_stop_or_a_timeout_still_counts_first_and_an_uncapped_exit_143_fails()
    {
        var stderr = Golden.Read("Perf", "Record", "Golden", "perf-record-max-size-stderr.txt");

        Assert.Equal(BenchmarkStatus.Cancelled,
            PerfInvocationRunner.Judge(new PerfExit(143, StopReason.Cancelled, stderr, null), MaxDuration, 2L << 30).Status);
        Assert.Equal(BenchmarkStatus.Failed,
            PerfInvocationRunner.Judge(new PerfExit(143, StopReason.Timeout, stderr, null), MaxDuration, 2L << 30).Status);
        Assert.Equal((BenchmarkStatus.Failed, "perf exited with code 143"),
            PerfInvocationRunner.Judge(new PerfExit(143, StopReason.None, "", null), MaxDuration, 2L << 30));
    }
}
