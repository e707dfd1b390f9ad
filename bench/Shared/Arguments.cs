using System.Globalization;

namespace WebOcperf.Bench.Shared;

/// <summary>Minimal "--name value" command-line options.</summary>
public static class Arguments
{
    public static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Every value of an option that may be repeated ("--server-env A=1 --server-env B=2").</summary>
    public static IReadOnlyList<string> All(string[] args, string name) =>
        args.Select((arg, i) => (arg, i)).Where(a => a.arg == name && a.i + 1 < args.Length).Select(a => args[a.i + 1]).ToList();

    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static double Double(string[] args, string name, double fallback) =>
        Value(args, name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
