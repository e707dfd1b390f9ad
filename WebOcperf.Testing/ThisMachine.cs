using System.Diagnostics;

namespace WebOcperf.Testing;

/// <summary>
/// What the machine running the tests offers perf, found out once: tests that depend on it assert the branch that
/// holds here, so that the suite passes on a VM without a hardware PMU (where it is developed) and on the machines
/// with one where most people run it, as root or not.
/// </summary>
public static class ThisMachine
{
    private static readonly Lazy<bool> HardwarePmu = new(DetectHardwarePmu);

    /// <summary>
    /// Whether perf counts <c>cycles</c> here (<c>perf stat -x, -e cycles true</c>): false on a VM without a
    /// hardware PMU, where perf prints <c>&lt;not supported&gt;</c>.
    /// </summary>
    public static bool HasHardwarePmu => HardwarePmu.Value;

    /// <summary><c>GenuineIntel</c>, <c>AuthenticAMD</c>, …, from /proc/cpuinfo; empty where it does not say.</summary>
    public static string CpuVendor { get; } = ReadCpuVendor();

    /// <summary>
    /// Whether Intel's event encodings (<c>cpu/event=0xd1,umask=0x20/</c>) can be checked against perf here: an Intel
    /// CPU with a hardware PMU named <c>cpu</c> (a hybrid CPU names its PMUs <c>cpu_core</c> and <c>cpu_atom</c>).
    /// </summary>
    public static bool CanCountIntelEncodings =>
        HasHardwarePmu && CpuVendor == "GenuineIntel" && Directory.Exists("/sys/bus/event_source/devices/cpu");

    /// <summary>What the machine has, for the message of a test that branches on it.</summary>
    public static string Description => $"{(HasHardwarePmu ? "a hardware PMU" : "no hardware PMU")}, CPU vendor '{CpuVendor}'";

    private static bool DetectHardwarePmu()
    {
        var start = new ProcessStartInfo("perf") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["stat", "-x,", "-e", "cycles", "true"])
        {
            start.ArgumentList.Add(argument);
        }
        using var perf = Process.Start(start) ?? throw new InvalidOperationException("perf could not be started");
        var output = perf.StandardError.ReadToEnd();
        perf.StandardOutput.ReadToEnd();
        perf.WaitForExit();
        // "<not supported>,,cycles,0,100.00,," without a PMU; "1234567,,cycles,…" (cycles:u as non-root) with one
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(",cycles", StringComparison.Ordinal));
        return line switch
        {
            null => throw new InvalidOperationException($"perf stat -x, -e cycles true printed no cycles line (exit {perf.ExitCode}):\n{output}"),
            _ when line.StartsWith("<not supported>", StringComparison.Ordinal) => false,
            _ when char.IsAsciiDigit(line[0]) => true,
            _ => throw new InvalidOperationException($"cannot tell from perf whether this machine has a hardware PMU:\n{output}"),
        };
    }

    private static string ReadCpuVendor()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("vendor_id", StringComparison.Ordinal));
            return line is null ? "" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
