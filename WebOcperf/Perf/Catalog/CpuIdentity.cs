using System.Globalization;

namespace WebOcperf.Perf.Catalog;

/// <summary>The CPU as Intel's mapfile names it: <c>GenuineIntel-6-55-4</c> (vendor, family, MODEL hex[, STEPPING hex]).</summary>
public sealed record CpuIdentity(string Vendor, int Family, int Model, int Stepping)
{
    /// <summary>
    /// ocperf's <c>get_cpustr</c>: the stepping is only part of the string for Skylake-SP/Cascade Lake (family 6,
    /// model 0x55), the one model whose mapfile rows differ by stepping.
    /// </summary>
    public string CpuString => Vendor == "GenuineIntel" && Family == 6 && Model == 0x55
        ? string.Create(CultureInfo.InvariantCulture, $"{Vendor}-{Family}-{Model:X}-{Stepping:X}")
        : string.Create(CultureInfo.InvariantCulture, $"{Vendor}-{Family}-{Model:X}");

    /// <summary>Reads the first processor block of <c>/proc/cpuinfo</c> text; null when a field is missing.</summary>
    public static CpuIdentity? FromCpuInfo(string cpuInfo)
    {
        string? vendor = null;
        int? family = null, model = null, stepping = null;
        foreach (var line in cpuInfo.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key.SequenceEqual("vendor_id"))
            {
                vendor ??= value.ToString();
            }
            else if (key.SequenceEqual("cpu family"))
            {
                family ??= ParseInt(value);
            }
            else if (key.SequenceEqual("model"))
            {
                model ??= ParseInt(value);
            }
            else if (key.SequenceEqual("stepping"))
            {
                stepping ??= ParseInt(value);
            }
            if (vendor is not null && family is not null && model is not null && stepping is not null)
            {
                return new CpuIdentity(vendor, family.Value, model.Value, stepping.Value);
            }
        }
        return null;
    }

    private static int? ParseInt(ReadOnlySpan<char> text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>ocperf's <c>cpu_without_step</c>: <c>GenuineIntel-6-55-4</c> → <c>GenuineIntel-6-55</c>.</summary>
    public static string WithoutStepping(string cpuString)
    {
        var parts = cpuString.Split('-');
        return parts.Length < 4 ? cpuString : string.Join('-', parts[..3]);
    }

    /// <summary>Whether the text is a CPU string rather than a file path (EVENTMAP accepts both).</summary>
    public static bool LooksLikeCpuString(string text) =>
        !text.Contains('/') && !text.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && text.Count(c => c == '-') >= 2;
}
