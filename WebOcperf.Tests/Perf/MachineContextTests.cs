using WebOcperf.Perf;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Perf;

public sealed class MachineContextTests
{
    [Theory]
    [InlineData("perf version 6.1.187\n", "6.1.187")]
    [InlineData("perf version 6.8.12-dirty", "6.8.12-dirty")]
    [InlineData("something else", "something else")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Perf_version_is_taken_from_perfs_own_answer(string? output, string? expected)
    {
        Assert.Equal(expected, MachineContext.ParsePerfVersion(output));
    }

    [Fact]
    public void The_probe_of_a_host_is_read_section_by_section_and_a_silent_section_stays_null()
    {
        // captured by running MachineContext.ProbeScript as an unprivileged user on a VM without cpufreq
        var context = MachineContext.FromProbe(Golden.Read("Perf", "Golden", "machine-context-probe.txt"),
            new DateTime(2026, 11, 29, 18, 30, 0, DateTimeKind.Utc));

        Assert.Equal("6.18.44-fc-v782", context.KernelRelease);
        Assert.Equal("6.1.187", context.PerfVersion);
        Assert.Equal("AMD EPYC", context.CpuModel);
        Assert.Equal(2, context.OnlineCpus);
        Assert.Null(context.Governor);
        Assert.Equal(27.21, context.LoadAverage1);
        Assert.Equal(17.98, context.LoadAverage15);
        Assert.Equal(new DateTime(2026, 11, 29, 18, 30, 0, DateTimeKind.Utc), context.CapturedAt);
    }

    [Fact]
    public void A_probe_that_printed_nothing_gives_an_empty_context_not_an_error()
    {
        var context = MachineContext.FromProbe("", DateTime.UnixEpoch);

        Assert.Null(context.KernelRelease);
        Assert.Null(context.PerfVersion);
        Assert.Null(context.CpuModel);
        Assert.Null(context.OnlineCpus);
        Assert.Null(context.LoadAverage1);
    }

    [Fact]
    public void The_cpu_model_is_the_first_model_name()
    {
        const string cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel\t\t: 85\n" +
            "model name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\n\nprocessor\t: 1\nmodel name\t: other\n";

        Assert.Equal("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", MachineContext.ParseCpuModel(cpuinfo));
    }

    [Fact]
    public void An_arm_cpu_model_comes_from_its_model_line()
    {
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4",
            MachineContext.ParseCpuModel("processor\t: 0\nBogoMIPS\t: 108.00\n\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n"));
        Assert.Null(MachineContext.ParseCpuModel("processor\t: 0\n"));
    }

    [Theory]
    [InlineData("0-1\n", 2)]
    [InlineData("0", 1)]
    [InlineData("0-3,8,10-11", 7)]
    [InlineData("", null)]
    [InlineData("x-y", null)]
    public void Online_cpus_are_counted_from_the_sysfs_list(string list, int? expected)
    {
        Assert.Equal(expected, MachineContext.CountCpuList(list));
    }

    [Fact]
    public void Load_averages_come_from_proc_loadavg()
    {
        var context = new MachineContext();
        context.SetLoadAverage("8.57 6.86 5.62 18/300 31146\n");

        Assert.Equal(8.57, context.LoadAverage1);
        Assert.Equal(6.86, context.LoadAverage5);
        Assert.Equal(5.62, context.LoadAverage15);
    }

    [Fact]
    public void Differences_name_what_changed_and_ignore_the_load()
    {
        var a = new MachineContext { KernelRelease = "6.1", PerfVersion = "6.1.187", CpuModel = "x", OnlineCpus = 8, Governor = "performance", LoadAverage1 = 0.1 };
        var b = new MachineContext { KernelRelease = "6.1", PerfVersion = "6.1.187", CpuModel = "x", OnlineCpus = 4, Governor = "powersave", LoadAverage1 = 3 };

        Assert.Equal(["online CPUs", "governor"], a.DifferencesFrom(b));
        Assert.Empty(a.DifferencesFrom(a));
    }
}
