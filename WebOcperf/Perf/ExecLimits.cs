using System.Runtime.InteropServices;
using System.Text;

namespace WebOcperf.Perf;

/// <summary>
/// What the kernel lets <c>execve</c> take: each argument or <c>NAME=value</c> string at most
/// <see cref="MaxSingleStringBytes"/> (MAX_ARG_STRLEN), and all of them together — the server's own environment,
/// which perf inherits, included — at most ARG_MAX. Beyond either, perf would not even start (E2BIG), so a run's
/// environment is checked against them when it is submitted rather than failing when it is its turn.
/// </summary>
public static class ExecLimits
{
    /// <summary>MAX_ARG_STRLEN: 32 pages of 4 KiB, fixed in the kernel.</summary>
    public const int MaxSingleStringBytes = 32 * 4096;

    /// <summary>Left for perf's own arguments, the wrapper script and the run's file paths.</summary>
    private const long Headroom = 64 * 1024;

    private const int ScArgMax = 0;

    /// <summary>ARG_MAX of this machine (a quarter of the stack limit, 2 MiB by default), or 128 KiB if unknown.</summary>
    public static long ArgMax { get; } = ReadArgMax();

    /// <summary>The problem with running <paramref name="workload"/> under <paramref name="environment"/>, or null.</summary>
    public static string? Check(string workload, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        foreach (var (name, value) in environment)
        {
            var bytes = StringBytes($"{name}={value}");
            if (bytes > MaxSingleStringBytes)
            {
                return $"{name} is {Kib(bytes)} long; the kernel starts no program with a variable over {Kib(MaxSingleStringBytes)} " +
                    "(MAX_ARG_STRLEN): put the value in a file and pass its path";
            }
        }
        var inherited = System.Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(name => environment.All(v => v.Key != name))
            .Sum(name => StringBytes($"{name}={System.Environment.GetEnvironmentVariable(name)}"));
        var given = environment.Sum(v => StringBytes($"{v.Key}={v.Value}"));
        var budget = ArgMax - Headroom - inherited - StringBytes(workload);
        return given > budget
            ? $"the environment takes {Kib(given)}; with the workload and the server's own environment that is more than " +
              $"the {Kib(ArgMax)} the kernel lets a program start with (ARG_MAX), so perf could not start — " +
              $"at most about {Kib(Math.Max(0, budget))} fit"
            : null;
    }

    /// <summary>What a string takes in execve's area: its UTF-8 bytes, its NUL and its pointer.</summary>
    private static long StringBytes(string text) => Encoding.UTF8.GetByteCount(text) + 1 + IntPtr.Size;

    private static string Kib(long bytes) => $"{(bytes + 1023) / 1024} KiB";

    private static long ReadArgMax()
    {
        try
        {
            var value = SysConf(ScArgMax);
            return value > 0 ? value : 128 * 1024;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 128 * 1024;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
