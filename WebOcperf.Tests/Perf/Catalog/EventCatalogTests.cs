using WebOcperf.Perf.Catalog;

namespace WebOcperf.Tests.Perf.Catalog;

public class EventCatalogTests
{
    private static readonly PerfListResult RootPerfList = PerfListParser.Parse(File.ReadAllText(CatalogTestData.Golden("perf-list-root.txt")));

    private static EventCatalog SkylakeOnThisMachine(PerfListResult? perfList = null) =>
        EventCatalogBuilder.Build(perfList ?? RootPerfList, null,
            IntelEventListLoader.Load(new IntelEventSources("GenuineIntel-6-5E", CatalogTestData.PerfmonDirectory, "/nonexistent-cache"), EmptyPmuTopology.Instance),
            EmptyPmuTopology.Instance);

    private static string Resolve(EventCatalog catalog, string userEvent, bool forRecord = false)
    {
        Assert.True(catalog.TryResolve(userEvent, forRecord, out var perfEvent, out var error), error);
        return perfEvent;
    }

    [Fact]
    public void Perf_entries_come_first_then_intel_entries()
    {
        var catalog = SkylakeOnThisMachine();

        var firstIntel = catalog.Entries.ToList().FindIndex(e => e.Kind == EventKind.IntelCore);
        Assert.True(firstIntel > 0);
        Assert.DoesNotContain(catalog.Entries.Skip(firstIntel), e => e.Source == PerfListParser.Source);
        var l3Miss = catalog.Find("MEM_LOAD_RETIRED.L3_MISS")!;
        Assert.Equal(EventKind.IntelCore, l3Miss.Kind);
        Assert.StartsWith("Counts retired load instructions with at least one uop that missed in the L3 cache.", l3Miss.LongDescription);
        Assert.Equal("GenuineIntel-6-5E", catalog.CpuString);
        Assert.Contains(catalog.Sources, s => s.Location == "skylake_core.json" && s.EntryCount == 16);
    }

    [Fact]
    public void Availability_comes_from_perf_list_and_sysfs()
    {
        var catalog = SkylakeOnThisMachine();

        var cycles = catalog.Find("cycles")!;
        Assert.Equal(("cpu-cycles", EventKind.Hardware, false), (cycles.Name, cycles.Kind, cycles.Available));
        Assert.Contains("no hardware PMU", cycles.UnavailableReason);
        Assert.False(catalog.Find("l1d.replacement")!.Available);
        Assert.Contains("no cpu PMU", catalog.Find("l1d.replacement")!.UnavailableReason);
        Assert.False(catalog.Find("unc_arb_trk_requests.all")!.Available);
        Assert.True(catalog.Find("task-clock")!.Available);
    }

    [Fact]
    public void Intel_machine_with_the_pmu_has_available_intel_events()
    {
        using var sysfs = new FakeSysfs("cpu", "uncore_arb");
        var intelPerfList = PerfListParser.Parse(File.ReadAllText(CatalogTestData.Golden("perf-list-intel-handmade.txt")));
        var catalog = EventCatalogBuilder.Build(intelPerfList, null,
            IntelEventListLoader.Load(new IntelEventSources("GenuineIntel-6-5E", CatalogTestData.PerfmonDirectory, "/nonexistent-cache"), sysfs.Topology),
            sysfs.Topology);

        Assert.True(catalog.Find("cycles")!.Available);
        Assert.True(catalog.Find("inst_retired.any")!.Available);
        Assert.True(catalog.Find("unc_arb_trk_requests.all")!.Available);
        // perf lists l1d.replacement itself: its entry is perf's, once
        Assert.Equal(EventKind.PmuEvent, Assert.Single(catalog.Entries, e => e.Name == "l1d.replacement").Kind);
        Assert.Equal("l1d.replacement", Resolve(catalog, "l1d.replacement"));
        Assert.Equal("cpu/event=0x51,umask=0x1,cmask=1,name=l1d_replacement/", Resolve(catalog, "l1d.replacement:c1"));
    }

    [Theory]
    [InlineData("task-clock", "task-clock")]
    [InlineData("cs:u", "cs:u")]
    [InlineData("cycles", "cycles")]
    [InlineData("msr/tsc/", "msr/tsc/")]
    [InlineData("r1a8", "r1a8")]
    [InlineData("r01c0:u", "r01c0:u")]
    [InlineData("cpu/event=0x3c,umask=0x0/k", "cpu/event=0x3c,umask=0x0/k")]
    [InlineData("sched:sched_switch", "sched:sched_switch")]
    [InlineData("sched:*", "sched:*")]
    [InlineData("mem:0x1000/8:rw", "mem:0x1000/8:rw")]
    public void Perf_names_and_raw_syntax_pass_through(string userEvent, string expected) =>
        Assert.Equal(expected, Resolve(SkylakeOnThisMachine(), userEvent));

    [Theory]
    [InlineData("Task-Clock", "task-clock")]
    [InlineData("TASK-CLOCK:u", "task-clock:u")]
    [InlineData("CS", "cs")]
    [InlineData("Context-Switches:k", "context-switches:k")]
    public void Perf_names_typed_in_another_case_reach_perf_as_perf_spells_them(string userEvent, string expected) =>
        Assert.Equal(expected, Resolve(SkylakeOnThisMachine(), userEvent));

    [Fact]
    public void A_pmu_event_of_a_pmu_the_machine_lacks_is_refused_before_perf_runs()
    {
        using var sysfs = new FakeSysfs("cpu", "msr", "uncore_cbox_0", "uncore_cbox_1", "uncore_imc_0", "hisi_sccl1_ddrc0");
        var catalog = EventCatalogBuilder.Build(RootPerfList, null, IntelEventLists.None("AuthenticAMD-25-11", []), sysfs.Topology);

        Assert.False(catalog.TryResolve("nosuchpmu/event=0x1/", false, out _, out var error));
        Assert.Equal("this machine has no PMU 'nosuchpmu'; perf list shows the PMUs it has (events written pmu/…/)", error);
        Assert.Equal("msr/tsc/", Resolve(catalog, "msr/tsc/"));
        Assert.Equal("cpu/event=0x3c,umask=0x0/k", Resolve(catalog, "cpu/event=0x3c,umask=0x0/k"));
        // perf expands an unnumbered uncore PMU to all its boxes
        Assert.Equal("uncore_cbox/event=0x22,umask=0x41/", Resolve(catalog, "uncore_cbox/event=0x22,umask=0x41/"));
        // and matches names loosely: without uncore_, with boxes numbered without an underscore
        Assert.Equal("imc/event=0x4,umask=0x3/", Resolve(catalog, "imc/event=0x4,umask=0x3/"));
        Assert.Equal("hisi_sccl1_ddrc/event=0x1/", Resolve(catalog, "hisi_sccl1_ddrc/event=0x1/"));
    }

    [Fact]
    public void Lists_and_groups_resolve_element_by_element()
    {
        var catalog = SkylakeOnThisMachine();

        Assert.Equal("task-clock,cpu/event=0xd1,umask=0x20,name=mem_load_retired_l3_miss/,cpu/event=0x3c,umask=0x0/",
            Resolve(catalog, "task-clock, mem_load_retired.l3_miss,cpu/event=0x3c,umask=0x0/"));
        Assert.Equal("{cpu/event=0xc0,umask=0x0,name=inst_retired_any/,cpu/event=0x3c,umask=0x0,name=cpu_clk_unhalted_thread/}:S",
            Resolve(catalog, "{inst_retired.any,cpu_clk_unhalted.thread}:S"));
    }

    [Fact]
    public void Unknown_names_metrics_and_bad_modifiers_are_errors()
    {
        var catalog = SkylakeOnThisMachine();

        Assert.False(catalog.TryResolve("foo", false, out _, out var unknown));
        Assert.Equal("unknown event 'foo' — not in perf list nor in the Intel event list for GenuineIntel-6-5E", unknown);
        Assert.False(catalog.TryResolve("sched:no_such_tracepoint", false, out _, out var tracepoint));
        Assert.StartsWith("unknown event 'sched:no_such_tracepoint'", tracepoint);
        Assert.False(catalog.TryResolve("branch_misprediction_ratio", false, out _, out var metric));
        Assert.Contains("perf stat -M", metric);
        Assert.False(catalog.TryResolve("task-clock:zz", false, out _, out var modifier));
        Assert.Contains("not a perf modifier", modifier);
        Assert.False(catalog.TryResolve(" ", false, out _, out var empty));
        Assert.Equal("empty event name", empty);
    }

    [Fact]
    public void Without_an_intel_list_the_error_says_so()
    {
        var catalog = EventCatalogBuilder.Build(RootPerfList, null, IntelEventLists.None("AuthenticAMD-25-11", []), EmptyPmuTopology.Instance);

        Assert.False(catalog.TryResolve("inst_retired.any", false, out _, out var error));
        Assert.Equal("unknown event 'inst_retired.any' — not in perf list nor in an Intel event list (none loaded for AuthenticAMD-25-11)", error);
    }

    [Fact]
    public void Unprivileged_listing_lets_tracepoints_through_unchecked()
    {
        var nobody = PerfListParser.Parse(File.ReadAllText(CatalogTestData.Golden("perf-list-nobody.txt")));
        var catalog = EventCatalogBuilder.Build(nobody, null, null, EmptyPmuTopology.Instance);

        Assert.Equal("sched:sched_switch", Resolve(catalog, "sched:sched_switch"));
    }

    [Fact]
    public void Record_resolution_adds_periods()
    {
        Assert.Equal("cpu/event=0xd1,umask=0x20,name=mem_load_retired_l3_miss,period=100007/pp",
            Resolve(SkylakeOnThisMachine(), "mem_load_retired.l3_miss:pp", forRecord: true));
    }

    [Fact]
    public void Hybrid_entries_are_listed_per_core_type_with_a_selector()
    {
        var catalog = EventCatalogBuilder.Build(RootPerfList, null,
            IntelEventListLoader.Load(new IntelEventSources("GenuineIntel-6-97", CatalogTestData.PerfmonDirectory, "/nonexistent-cache"), EmptyPmuTopology.Instance),
            EmptyPmuTopology.Instance);

        var branches = catalog.Entries.Where(e => e.Name == "br_inst_retired.all_branches").ToList();
        Assert.Equal(["cpu_core/br_inst_retired.all_branches/", "cpu_atom/br_inst_retired.all_branches/"], branches.Select(e => e.Selector));
        Assert.Equal("cpu_atom/event=0xc4,umask=0x0,name=br_inst_retired_all_branches/", Resolve(catalog, branches[1].Selector));
        Assert.Equal(HybridPmus.Atom, catalog.Find("cpu_atom/br_inst_retired.all_branches/")!.Pmu);
    }

    [Fact]
    public void Search_ranks_exact_and_prefix_name_matches_before_description_matches()
    {
        var catalog = SkylakeOnThisMachine();

        var results = catalog.Search("l1d.replacement", 5);
        Assert.Equal("l1d.replacement", results[0].Name);
        var prefix = catalog.Search("mem_load", 10);
        Assert.All(prefix, e => Assert.StartsWith("mem_load", e.Name));
        var byDescription = catalog.Search("missed in the L3", 10);
        Assert.Contains(byDescription, e => e.Name == "mem_load_retired.l3_miss");
        Assert.Equal("context-switches", catalog.Search("cs", 3)[0].Name);
        Assert.Equal(3, catalog.Search("sched", 3).Count);

        // the order itself: every exact name (or alias) first, then names starting with the query, then names holding
        // it, then matches in the description only — for queries that have several of these kinds of matches
        foreach (var (query, kinds) in new (string, MatchKind[])[]
                 {
                     ("cycles", [MatchKind.ExactName, MatchKind.NameContains, MatchKind.Description]),
                     ("stall", [MatchKind.NamePrefix, MatchKind.NameContains, MatchKind.Description]),
                 })
        {
            var found = catalog.Search(query, 10_000);
            var order = found.Select(e => $"{e.Name} ({KindOfMatch(e, query)})").ToList();
            var ranks = found.Select(e => KindOfMatch(e, query)).ToList();
            Assert.True(ranks.SequenceEqual(ranks.Order()), $"'{query}' ranked out of order:\n{string.Join("\n", order)}");
            Assert.All(kinds, kind => Assert.True(ranks.Contains(kind), $"'{query}' found no {kind} match:\n{string.Join("\n", order)}"));
        }
    }

    private enum MatchKind { ExactName, NamePrefix, NameContains, Description }

    private static MatchKind KindOfMatch(CatalogEntry entry, string query)
    {
        var names = entry.Aliases.Prepend(entry.Name).Select(n => n.ToLowerInvariant()).ToList();
        return names.Contains(query) ? MatchKind.ExactName
            : names.Any(n => n.StartsWith(query, StringComparison.Ordinal)) ? MatchKind.NamePrefix
            : names[0].Contains(query, StringComparison.Ordinal) ? MatchKind.NameContains
            : MatchKind.Description;
    }

    [Fact]
    public void Empty_query_gives_a_first_page_of_every_kind()
    {
        var page = SkylakeOnThisMachine().Search("", 40);

        Assert.True(page.Count <= 40);
        Assert.Equal(page.Select(e => e.Kind).Distinct().Order(), page.Select(e => e.Kind).Distinct());
        Assert.Contains(page, e => e.Kind == EventKind.Tracepoint);
        Assert.Contains(page, e => e.Kind == EventKind.IntelCore);
        Assert.Contains(page, e => e.Kind == EventKind.Software);
    }
}
