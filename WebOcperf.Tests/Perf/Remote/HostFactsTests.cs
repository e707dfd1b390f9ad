using WebOcperf.Perf.Remote;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Perf.Remote;

public sealed class HostFactsTests
{
    /// <summary>Captured over ssh from a VM without a hardware PMU, logged in as an unprivileged user.</summary>
    private static HostFacts Captured => HostFacts.Parse(Golden.Read("Perf", "Remote", "Golden", "host-facts-unprivileged-no-pmu.txt"));

    [Fact]
    public void Versions_user_cpu_and_kernel_limits_are_read()
    {
        var facts = Captured;

        Assert.Equal("perf version 6.1.187", facts.PerfVersion);
        Assert.Null(facts.PerfProblem);
        Assert.Equal("6.18.44-fc-v782", facts.Kernel);
        Assert.Equal("AMD EPYC", facts.CpuModel);
        Assert.Equal("AuthenticAMD-26-2", facts.CpuString);
        Assert.Equal(2, facts.PerfEventParanoid);
        Assert.Equal(0, facts.KptrRestrict);
        Assert.Equal("webocperf-remote", facts.User);
        Assert.Contains(facts.Pmus, p => p.Name == "uprobe" && p.FormatTerms.SequenceEqual(["ref_ctr_offset", "retprobe"]));
    }

    [Fact]
    public async Task The_check_also_reads_what_a_runs_machine_context_records()
    {
        // the script as a host runs it, here on this machine
        using var shell = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-s"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        await shell.StandardInput.WriteAsync(HostFacts.Script("perf"));
        shell.StandardInput.Close();
        var facts = HostFacts.Parse(await shell.StandardOutput.ReadToEndAsync());
        await shell.WaitForExitAsync();

        var context = WebOcperf.Perf.MachineContext.FromProbe(facts.ContextProbe!, DateTime.UnixEpoch);

        Assert.Equal((await File.ReadAllTextAsync("/proc/sys/kernel/osrelease")).Trim(), context.KernelRelease);
        Assert.Equal(facts.CpuModel, context.CpuModel);
        Assert.NotNull(context.LoadAverage1);
    }

    [Fact]
    public void A_machine_without_a_cpu_pmu_and_a_paranoid_kernel_is_explained()
    {
        var facts = Captured;

        Assert.False(facts.HasHardwarePmu);
        Assert.Contains(facts.Warnings, w => w.StartsWith("no hardware PMU", StringComparison.Ordinal));
        Assert.Contains(facts.Warnings, w => w.Contains("perf_event_paranoid is 2", StringComparison.Ordinal) && w.Contains(":u", StringComparison.Ordinal));
    }

    [Fact]
    public void Hidden_kernel_symbols_are_explained_for_ordinary_users_but_not_for_root_at_level_1()
    {
        var withPmu = Captured with { Pmus = [new HostPmu("cpu", ["event", "umask"])], PerfEventParanoid = -1, KptrRestrict = 1 };

        Assert.True(withPmu.HasHardwarePmu);
        Assert.Equal(["kptr_restrict is 1: kernel symbols hidden: flame graphs will show [unknown] for kernel frames (sysctl kernel.kptr_restrict=0 shows them)"],
            withPmu.Warnings);
        Assert.Empty((withPmu with { User = "root" }).Warnings);
        Assert.Single((withPmu with { User = "root", KptrRestrict = 2 }).Warnings);
    }

    [Fact]
    public void A_missing_perf_is_a_problem_that_names_the_fix()
    {
        var facts = HostFacts.Parse("@@webocperf perf\nmissing: perf is not on the PATH of alice (PATH=/usr/bin)\n@@webocperf end\n");

        Assert.Null(facts.PerfVersion);
        Assert.Contains("not on the PATH of alice", facts.PerfProblem);
        Assert.Contains("PerfPath", facts.PerfProblem);
    }
}
