using WebOcperf.Perf;
using WebOcperf.Perf.Record;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Perf.Record;

public class PerfRecordCommandTests
{
    private static readonly WorkloadInvocation Workload = new("sleep 1", "/tmp/status");

    [Fact]
    public void Record_with_frequency_and_frame_pointer_call_graph()
    {
        var arguments = PerfRecordCommand.Arguments(["task-clock", "page-faults"], SamplingRate.Frequency(999),
            CallGraphMode.FramePointer, "/runs/1/perf.data", Workload);

        Assert.Equal(
            ["record", "-e", "task-clock,page-faults", "-F", "999", "--call-graph", "fp", "-o", "/runs/1/perf.data", "--",
                .. Workload.Arguments],
            arguments);
    }

    [Fact]
    public void Record_with_period_dwarf_and_default_event()
    {
        var arguments = PerfRecordCommand.Arguments([], SamplingRate.EveryNth(100000), CallGraphMode.Dwarf, "p.data", Workload);

        Assert.Equal(["record", "-c", "100000", "--call-graph", "dwarf", "-o", "p.data", "--", .. Workload.Arguments], arguments);
    }

    [Fact]
    public void Record_without_call_graph_has_no_call_graph_option()
    {
        var arguments = PerfRecordCommand.Arguments(["cpu-clock"], SamplingRate.Frequency(4999), CallGraphMode.None, "p.data", Workload);

        Assert.DoesNotContain("--call-graph", arguments);
        Assert.DoesNotContain("-g", arguments);
    }

    [Fact]
    public void The_size_cap_is_given_in_kib_with_perfs_upper_case_unit_before_the_workload()
    {
        var arguments = PerfRecordCommand.Arguments(["cpu-clock"], SamplingRate.Frequency(999), CallGraphMode.None, "p.data",
            Workload, maxSizeBytes: 2L << 30);

        Assert.Contains("--max-size=2097152K", arguments);
        Assert.True(arguments.ToList().IndexOf("--max-size=2097152K") < arguments.ToList().IndexOf("--"));
        Assert.Equal("--max-size=1K", PerfRecordCommand.MaxSizeArgument(100));
    }

    [Fact]
    public void Perfs_message_for_a_recording_stopped_at_the_size_cap_is_recognised()
    {
        // perf 6.1, --max-size=2M, dwarf call graphs at 20 kHz
        var stderr = Golden.Read("Perf", "Record", "Golden", "perf-record-max-size-stderr.txt");

        Assert.True(PerfRecordCommand.StoppedAtSizeLimit(stderr));
        Assert.False(PerfRecordCommand.StoppedAtSizeLimit("[ perf record: Captured and wrote 0.002 MB q.data (15 samples) ]"));
    }

    [Fact]
    public void Sampling_rate_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SamplingRate.Frequency(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SamplingRate.EveryNth(-1));
    }

    [Fact]
    public void Script_arguments()
    {
        Assert.Equal(["script", "-i", "p.data", "--ns", "-F", "comm,pid,tid,time,event,period,ip,sym,dso"],
            PerfScriptCommand.Arguments("p.data", hasCallChains: true));
        Assert.Equal(["script", "-i", "p.data", "--ns", "-F", "comm,pid,tid,time,event,period,ip,sym,dso", "-G"],
            PerfScriptCommand.Arguments("p.data", hasCallChains: false));
        Assert.Equal(["script", "-i", "p.data", "-F", "+pid"], PerfScriptCommand.DownloadArguments("p.data"));
    }
}
