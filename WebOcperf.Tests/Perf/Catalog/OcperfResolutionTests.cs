using WebOcperf.Perf.Catalog;

namespace WebOcperf.Tests.Perf.Catalog;

/// <summary>Expected strings are what pmu-tools' ocperf prints for the same input (worked out from ocperf.py's code).</summary>
public class OcperfResolutionTests
{
    private static readonly IntelEventResolver Skylake =
        CatalogTestData.Resolver(EmptyPmuTopology.Instance, [CatalogTestData.CoreList("cpu", CatalogTestData.SkylakeCore)]);

    private static string Resolve(IntelEventResolver resolver, string userEvent, bool forRecord = false)
    {
        var resolution = resolver.ResolveName(userEvent, forRecord);
        Assert.Null(resolution.Error);
        return Assert.IsType<string>(resolution.PerfEvent);
    }

    [Theory]
    [InlineData("inst_retired.any", "cpu/event=0xc0,umask=0x0,name=inst_retired_any/")]
    [InlineData("cpu_clk_unhalted.thread", "cpu/event=0x3c,umask=0x0,name=cpu_clk_unhalted_thread/")]
    [InlineData("cpu_clk_unhalted.thread_any", "cpu/event=0x3c,umask=0x0,any=1,name=cpu_clk_unhalted_thread_any/")]
    public void Fixed_counters_map_to_programmable_encodings(string name, string expected) =>
        Assert.Equal(expected, Resolve(Skylake, name));

    [Theory]
    [InlineData("uops_issued.stall_cycles", "cpu/event=0xe,umask=0x1,inv=1,cmask=1,name=uops_issued_stall_cycles/")]
    [InlineData("rs_events.empty_end", "cpu/event=0x5e,umask=0x1,edge=1,inv=1,cmask=1,name=rs_events_empty_end/")]
    [InlineData("machine_clears.count", "cpu/event=0xc3,umask=0x1,edge=1,cmask=1,name=machine_clears_count/")]
    [InlineData("int_misc.recovery_cycles_any", "cpu/event=0xd,umask=0x1,any=1,name=int_misc_recovery_cycles_any/")]
    [InlineData("cycle_activity.stalls_total", "cpu/event=0xa3,umask=0x4,cmask=4,name=cycle_activity_stalls_total/")]
    [InlineData("L1D.REPLACEMENT", "cpu/event=0x51,umask=0x1,name=l1d_replacement/")]
    [InlineData("l1d_replacement", "cpu/event=0x51,umask=0x1,name=l1d_replacement/")]
    public void Core_events_with_cmask_inv_edge_any(string name, string expected) =>
        Assert.Equal(expected, Resolve(Skylake, name));

    [Theory]
    [InlineData("offcore_response.demand_data_rd.any_response",
        "cpu/event=0xb7,umask=0x1,offcore_rsp=0x10001,name=offcore_response_demand_data_rd_any_response/")]
    [InlineData("mem_trans_retired.load_latency_gt_4", "cpu/event=0xcd,umask=0x1,ldlat=0x4,name=mem_trans_retired_load_latency_gt_4/pp")]
    [InlineData("frontend_retired.dsb_miss", "cpu/event=0xc6,umask=0x1,frontend=0x11,name=frontend_retired_dsb_miss/")]
    public void Extra_msrs_become_offcore_ldlat_frontend_terms(string name, string expected) =>
        Assert.Equal(expected, Resolve(Skylake, name));

    [Theory]
    [InlineData("inst_retired.prec_dist", "cpu/event=0xc0,umask=0x1,name=inst_retired_prec_dist/ppp")]
    [InlineData("inst_retired.total_cycles_ps", "cpu/event=0xc0,umask=0x1,inv=1,cmask=10,name=inst_retired_total_cycles_ps/pp")]
    [InlineData("br_inst_retired.all_branches_pebs", "cpu/event=0xc4,umask=0x4,name=br_inst_retired_all_branches_pebs/pp")]
    [InlineData("mem_load_retired.l3_miss", "cpu/event=0xd1,umask=0x20,name=mem_load_retired_l3_miss/")]
    [InlineData("mem_load_retired.l3_miss_ps", "cpu/event=0xd1,umask=0x20,name=mem_load_retired_l3_miss_ps/p")]
    [InlineData("mem_load_retired.l3_miss:pp", "cpu/event=0xd1,umask=0x20,name=mem_load_retired_l3_miss/pp")]
    [InlineData("mem_trans_retired.load_latency_gt_4:u", "cpu/event=0xcd,umask=0x1,ldlat=0x4,name=mem_trans_retired_load_latency_gt_4/ppu")]
    [InlineData("mem_trans_retired.load_latency_gt_4:p", "cpu/event=0xcd,umask=0x1,ldlat=0x4,name=mem_trans_retired_load_latency_gt_4/pp")]
    public void Pebs_events_and_ps_names(string name, string expected) =>
        Assert.Equal(expected, Resolve(Skylake, name));

    [Theory]
    [InlineData("l1d.replacement:c2:i1:e1:u", "cpu/event=0x51,umask=0x1,cmask=2,edge=1,inv=1,name=l1d_replacement/u")]
    [InlineData("l1d.replacement:cmask=3", "cpu/event=0x51,umask=0x1,cmask=3,name=l1d_replacement/")]
    [InlineData("l1d.replacement:amt1", "cpu/event=0x51,umask=0x1,any=1,name=l1d_replacement/")]
    [InlineData("l1d.replacement:anythr=yes", "cpu/event=0x51,umask=0x1,any=1,name=l1d_replacement/")]
    [InlineData("l1d.replacement:sup", "cpu/event=0x51,umask=0x1,name=l1d_replacement_k/k")]
    [InlineData("l1d.replacement:usr=yes", "cpu/event=0x51,umask=0x1,name=l1d_replacement/u")]
    [InlineData("l1d.replacement:usr=no", "cpu/event=0x51,umask=0x1,name=l1d_replacement/k")]
    [InlineData("l1d.replacement:k", "cpu/event=0x51,umask=0x1,name=l1d_replacement/k")]
    [InlineData("l1d.replacement:c1:sup", "cpu/event=0x51,umask=0x1,cmask=1,name=l1d_replacement_k/k")]
    public void Qualifiers_and_modifiers(string name, string expected) =>
        Assert.Equal(expected, Resolve(Skylake, name));

    [Fact]
    public void Unknown_qualifiers_are_reported()
    {
        var resolution = Skylake.ResolveName("l1d.replacement:bogus", false);

        Assert.Null(resolution.PerfEvent);
        Assert.Contains("unknown qualifier", resolution.Error);
    }

    [Theory]
    [InlineData("mem_load_retired.l3_miss", "cpu/event=0xd1,umask=0x20,name=mem_load_retired_l3_miss,period=100007/")]
    [InlineData("inst_retired.prec_dist", "cpu/event=0xc0,umask=0x1,name=inst_retired_prec_dist,period=2000003/ppp")]
    [InlineData("l1d.replacement:sa=1000", "cpu/event=0x51,umask=0x1,period=1000,name=l1d_replacement/")]
    [InlineData("l1d.replacement:period=5000", "cpu/event=0x51,umask=0x1,period=5000,name=l1d_replacement/")]
    public void Record_adds_the_sample_after_value(string name, string expected) =>
        Assert.Equal(expected, Resolve(Skylake, name, forRecord: true));

    [Theory]
    [InlineData("cpu", "l1d.replacement", "u", "cpu/event=0x51,umask=0x1,name=l1d_replacement/u")]
    [InlineData("cpu", "inst_retired.prec_dist,period=1000", "", "cpu/event=0xc0,umask=0x1,name=inst_retired_prec_dist,period=1000/ppp")]
    public void Pmu_form_keeps_the_users_terms(string pmu, string inner, string modifiers, string expected) =>
        Assert.Equal(expected, Skylake.ResolvePmuForm(pmu, inner, modifiers, false).PerfEvent);

    [Fact]
    public void Pmu_form_with_raw_terms_is_not_an_intel_event() =>
        Assert.False(Skylake.ResolvePmuForm("cpu", "event=0x3c", "", false).Found);

    [Fact]
    public void Offcore_terms_are_dropped_when_the_pmu_format_lacks_them()
    {
        using var sysfs = new FakeSysfs().WithFormat("cpu", "event", "umask", "cmask", "ldlat");
        var list = new IntelCoreEventList("cpu", "skl");
        IntelEventTableReader.AddCoreEvents(list, IntelEventTableReader.ReadRows(File.ReadAllText(CatalogTestData.SkylakeCore)),
            offcoreTerms: sysfs.Topology.HasFormat("cpu", "offcore_rsp") != false, ldlatTerms: sysfs.Topology.HasFormat("cpu", "ldlat") != false);
        var resolver = CatalogTestData.Resolver(sysfs.Topology, [list]);

        Assert.Equal("cpu/event=0xb7,umask=0x1,name=offcore_response_demand_data_rd_any_response/",
            Resolve(resolver, "offcore_response.demand_data_rd.any_response"));
        Assert.Equal("cpu/event=0xcd,umask=0x1,ldlat=0x4,name=mem_trans_retired_load_latency_gt_4/pp",
            Resolve(resolver, "mem_trans_retired.load_latency_gt_4"));
    }

    [Fact]
    public void Uncore_events_expand_to_every_box()
    {
        using var sysfs = new FakeSysfs("uncore_cbox_0", "uncore_cbox_1", "uncore_arb");
        var resolver = CatalogTestData.Resolver(sysfs.Topology, [], CatalogTestData.Uncore(CatalogTestData.Perfmon("SKL/events/skylake_uncore.json")));

        Assert.Equal("uncore_cbox_0/event=0x22,umask=0x41,name=unc_cbo_xsnp_response_miss_xcore_0/," +
                     "uncore_cbox_1/event=0x22,umask=0x41,name=unc_cbo_xsnp_response_miss_xcore_1/",
            Resolve(resolver, "unc_cbo_xsnp_response.miss_xcore"));
        Assert.Equal("uncore_cbox_0/event=0x22,umask=0x41,name=unc_cbo_xsnp_response_miss_xcore_0/",
            Resolve(resolver, "unc_cbo_xsnp_response.miss_xcore:one_unit"));
        Assert.Equal("uncore_arb/event=0x81,umask=0x1,name=unc_arb_trk_requests_all/", Resolve(resolver, "UNC_ARB_TRK_REQUESTS.ALL"));
        Assert.Equal("uncore_arb/event=0x81,umask=0x1,edge=1,thresh=2,name=unc_arb_trk_requests_all/",
            Resolve(resolver, "unc_arb_trk_requests.all:e1:c2"));
        // NCU is the clock ticks event, counted on the cbox boxes when there is no clock box
        Assert.Equal("uncore_cbox_0/event=0xff,name=unc_clock_socket_0/,uncore_cbox_1/event=0xff,name=unc_clock_socket_1/",
            Resolve(resolver, "unc_clock.socket"));
    }

    [Fact]
    public void Uncore_unit_renames_and_server_units()
    {
        using var sysfs = new FakeSysfs("uncore_cha_0", "uncore_cha_1", "uncore_cha_2", "uncore_imc_0", "uncore_imc_1", "uncore_upi_0", "uncore_m3upi_0")
            .WithFormat("uncore_imc_0", "event", "umask");
        var resolver = CatalogTestData.Resolver(sysfs.Topology, [], CatalogTestData.Uncore(CatalogTestData.Perfmon("SKX/events/skylakex_uncore.json")),
            "GenuineIntel-6-55-4");

        Assert.Equal("uncore_cha_0/event=0x0,name=unc_c_clockticks_0/,uncore_cha_1/event=0x0,name=unc_c_clockticks_1/," +
                     "uncore_cha_2/event=0x0,name=unc_c_clockticks_2/", Resolve(resolver, "unc_c_clockticks"));
        Assert.Equal("uncore_imc_0/event=0x4,umask=0x1,name=unc_m_cas_count_rd_reg_0/,uncore_imc_1/event=0x4,umask=0x1,name=unc_m_cas_count_rd_reg_1/",
            Resolve(resolver, "unc_m_cas_count.rd_reg"));
        Assert.Equal("uncore_upi_0/event=0x1,name=unc_upi_clockticks_0/", Resolve(resolver, "unc_upi_clockticks"));
        Assert.Equal("uncore_m3upi_0/event=0x29,name=unc_m3upi_upi_prefetch_spawn_0/", Resolve(resolver, "unc_m3upi_upi_prefetch_spawn"));
    }

    [Fact]
    public void Uncore_events_need_their_unit_and_format_fields()
    {
        using var sysfs = new FakeSysfs("uncore_imc_0").WithFormat("uncore_imc_0", "event");
        var resolver = CatalogTestData.Resolver(sysfs.Topology, [], CatalogTestData.Uncore(CatalogTestData.Perfmon("SKX/events/skylakex_uncore.json")));

        Assert.Contains("needs PMU uncore_cha", resolver.ResolveName("unc_c_clockticks", false).Error);
        Assert.Contains("needs the umask field", resolver.ResolveName("unc_m_cas_count.rd_reg", false).Error);
    }

    private static readonly IntelEventResolver AlderLake = CatalogTestData.Resolver(EmptyPmuTopology.Instance,
    [
        CatalogTestData.CoreList(HybridPmus.Core, CatalogTestData.Perfmon("ADL/events/alderlake_goldencove_core.json")),
        CatalogTestData.CoreList(HybridPmus.Atom, CatalogTestData.Perfmon("ADL/events/alderlake_gracemont_core.json")),
    ], cpu: "GenuineIntel-6-97");

    [Theory]
    [InlineData("br_inst_retired.all_branches", "cpu_core/event=0xc4,umask=0x0,name=br_inst_retired_all_branches/")]
    [InlineData("inst_retired.any", "cpu_core/event=0xc0,umask=0x0,name=inst_retired_any/")]
    [InlineData("mem_trans_retired.load_latency_gt_4", "cpu_core/event=0xcd,umask=0x1,ldlat=0x4,name=mem_trans_retired_load_latency_gt_4/")]
    [InlineData("topdown.slots", "cpu_core/slots,name=topdown_slots/")]
    [InlineData("perf_metrics.retiring", "cpu_core/topdown-retiring,name=perf_metrics_retiring/")]
    [InlineData("mem_uops_retired.load_latency_gt_4", "cpu_atom/event=0xd0,umask=0x5,ldlat=0x4,name=mem_uops_retired_load_latency_gt_4/")]
    // the Gracemont file has no AnyThread field, and ocperf only sets any=1 for fixed counters when it has
    [InlineData("cpu_clk_unhalted.core", "cpu_atom/event=0x3c,umask=0x0,name=cpu_clk_unhalted_core/")]
    public void Hybrid_plain_names_resolve_on_the_first_list_that_has_them(string name, string expected) =>
        Assert.Equal(expected, Resolve(AlderLake, name));

    [Fact]
    public void Hybrid_pmu_prefix_picks_the_list()
    {
        Assert.Equal("cpu_atom/event=0xc4,umask=0x0,name=br_inst_retired_all_branches/",
            AlderLake.ResolvePmuForm(HybridPmus.Atom, "br_inst_retired.all_branches", "", false).PerfEvent);
        Assert.Equal("cpu_atom/event=0xc4,umask=0x0,name=br_inst_retired_all_branches,period=200003/",
            AlderLake.ResolvePmuForm(HybridPmus.Atom, "br_inst_retired.all_branches", "", true).PerfEvent);
    }
}
