using WebOcperf.Perf.Catalog;
using WebOcperf.Running;

namespace WebOcperf.Tests.Perf.Catalog;

public class PerfListParserTests
{
    private static PerfListResult ParseGolden(string name) => PerfListParser.Parse(File.ReadAllText(CatalogTestData.Golden(name)));

    [Fact]
    public void Root_listing_has_software_tool_pmu_and_thousands_of_tracepoints()
    {
        var result = ParseGolden("perf-list-root.txt");

        var contextSwitches = Assert.Single(result.Entries, e => e.Name == "context-switches");
        Assert.Equal(EventKind.Software, contextSwitches.Kind);
        Assert.Equal(["cs"], contextSwitches.Aliases);
        Assert.Equal(EventKind.Tool, Assert.Single(result.Entries, e => e.Name == "duration_time").Kind);
        var tsc = Assert.Single(result.Entries, e => e.Name == "msr/tsc/");
        Assert.Equal((EventKind.KernelPmu, "msr"), (tsc.Kind, tsc.Pmu));
        Assert.True(result.Entries.Count(e => e.Kind == EventKind.Tracepoint) > 2000);
        Assert.Contains(result.Entries, e => e.Name == "sched:sched_switch" && e.Kind == EventKind.Tracepoint);
        Assert.Equal(12, result.Entries.Count(e => e.Kind == EventKind.Software));
    }

    [Fact]
    public void Raw_descriptors_are_syntax_help_not_events()
    {
        var result = ParseGolden("perf-list-root.txt");

        Assert.Equal(["rNNN", "cpu/t1=v1[,t2=v2,t3 ...]/modifier", "mem:<addr>[/len][:access]"], result.SyntaxHelp.Select(s => s.Pattern));
        Assert.DoesNotContain(result.Entries, e => e.Name.StartsWith("rNNN", StringComparison.Ordinal) || e.Name.StartsWith("mem:", StringComparison.Ordinal));
    }

    [Fact]
    public void Metric_groups_and_metrics_are_read_with_their_descriptions()
    {
        var result = ParseGolden("perf-list-root.txt");

        var metric = Assert.Single(result.Entries, e => e.Name == "branch_misprediction_ratio");
        Assert.Equal((EventKind.Metric, "branch_prediction"), (metric.Kind, metric.Topic));
        Assert.Equal("Execution-Time Branch Misprediction Ratio (Non-Speculative)", metric.LongDescription);
        Assert.Contains(result.Entries, e => e.Name == "l2_cache" && e.Kind == EventKind.MetricGroup);
        Assert.Equal(["branch_prediction", "data_fabric", "decoder", "l2_cache", "l3_cache", "tlb"], result.Entries.Where(e => e.Kind == EventKind.MetricGroup).Select(e => e.Name));
    }

    [Fact]
    public void Unprivileged_listing_has_no_tracepoints()
    {
        var result = ParseGolden("perf-list-nobody.txt");

        Assert.DoesNotContain(result.Entries, e => e.Kind == EventKind.Tracepoint);
        Assert.Contains(result.Entries, e => e.Name == "task-clock");
        Assert.Equal(3, result.SyntaxHelp.Count);
    }

    [Fact]
    public void Intel_format_hardware_cache_and_aliases()
    {
        var result = ParseGolden("perf-list-intel-handmade.txt");

        var branches = Assert.Single(result.Entries, e => e.Name == "branch-instructions" && e.Kind == EventKind.Hardware);
        Assert.Equal(["branches"], branches.Aliases);
        Assert.Equal(["cycles"], Assert.Single(result.Entries, e => e.Name == "cpu-cycles").Aliases);
        Assert.Equal(4, result.Entries.Count(e => e.Kind == EventKind.HardwareCache));
        Assert.Contains(result.Entries, e => e.Name == "power/energy-pkg/" && e.Kind == EventKind.KernelPmu && e.Pmu == "power");
    }

    [Fact]
    public void Intel_format_topic_events_with_wrapped_descriptions_and_units()
    {
        var result = ParseGolden("perf-list-intel-handmade.txt");

        var replacement = Assert.Single(result.Entries, e => e.Name == "l1d.replacement");
        Assert.Equal((EventKind.PmuEvent, "cache"), (replacement.Kind, replacement.Topic));
        Assert.Equal("Counts the number of cache lines replaced in L1 data cache", replacement.LongDescription);

        var l3Miss = Assert.Single(result.Entries, e => e.Name == "mem_load_retired.l3_miss");
        Assert.Equal("Counts retired load instructions with at least one uop that missed in the L3 cache. Supports address when precise (Precise event)",
            l3Miss.LongDescription);
        Assert.Equal("Counts retired load instructions with at least one uop that missed in the L3 cache.", l3Miss.BriefDescription);

        var fp = Assert.Single(result.Entries, e => e.Name == "fp_arith_inst_retired.scalar_double");
        Assert.Equal(("floating point", "cpu"), (fp.Topic, fp.Pmu));
        Assert.EndsWith("floating-point instructions retired.", fp.LongDescription);

        var arb = Assert.Single(result.Entries, e => e.Name == "unc_arb_trk_requests.all");
        Assert.Equal(("uncore memory", "uncore_arb"), (arb.Topic, arb.Pmu));
        Assert.Equal("Total number of Core outgoing entries allocated. Accounts for Coherent and non-coherent traffic.", arb.LongDescription);
        Assert.Equal("uncore_cbox", Assert.Single(result.Entries, e => e.Name == "unc_cbo_cache_lookup.any_es").Pmu);
    }

    [Fact]
    public void Intel_format_metrics_follow_their_groups()
    {
        var result = ParseGolden("perf-list-intel-handmade.txt");

        var backend = Assert.Single(result.Entries, e => e.Name == "tma_backend_bound");
        Assert.Equal((EventKind.Metric, "Backend"), (backend.Kind, backend.Topic));
        Assert.StartsWith("This category represents fraction of slots where no uops are being delivered", backend.LongDescription);
        Assert.EndsWith("in the Backend", backend.LongDescription);
        Assert.Equal(["IPC", "CPI"], result.Entries.Where(e => e.Topic == "Summary").Select(e => e.Name));
        Assert.Equal(["Backend", "Summary"], result.Entries.Where(e => e.Kind == EventKind.MetricGroup).Select(e => e.Name));
        Assert.Equal(2, result.Entries.Count(e => e.Kind == EventKind.Tracepoint));
    }

    [Fact]
    public async Task Real_perf_list_parses_like_the_golden_file()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/perf"), "perf is not installed");

        var output = await PerfList.RunAsync(new LocalRunTarget("/usr/bin/perf", null, Directory.GetCurrentDirectory()), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Null(output.Error);
        var live = PerfListParser.Parse(output.Text!);
        var golden = ParseGolden(Environment.UserName == "root" ? "perf-list-root.txt" : "perf-list-nobody.txt");
        Assert.Equal(golden.Entries.Where(e => e.Kind == EventKind.Software).Select(e => e.Name),
            live.Entries.Where(e => e.Kind == EventKind.Software).Select(e => e.Name));
        Assert.Equal(golden.SyntaxHelp, live.SyntaxHelp);
    }
}
