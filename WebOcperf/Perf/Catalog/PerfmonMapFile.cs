namespace WebOcperf.Perf.Catalog;

/// <summary>One row of Intel's <c>mapfile.csv</c>.</summary>
/// <param name="CpuPattern">A glob such as <c>GenuineIntel-6-55-[01234]</c>.</param>
/// <param name="Filename">Path inside the perfmon tree, starting with <c>/</c>.</param>
/// <param name="EventType"><c>core</c>, <c>hybridcore</c>, <c>uncore</c>, <c>uncore experimental</c>, <c>metrics</c>, …</param>
/// <param name="CoreRole">The hybrid "Core Role Name" column (<c>Core</c>, <c>Atom</c>), or null.</param>
public sealed record PerfmonMapRow(string CpuPattern, string Version, string Filename, string EventType, string? CoreRole)
{
    /// <summary>The file name event_download gives the row in the cache: <c>&lt;cpu&gt;-&lt;type&gt;[-&lt;role&gt;].json</c>.</summary>
    public string CacheFileName(string cpuString)
    {
        var type = Sanitize(EventType);
        return CoreRole is { Length: > 0 } role ? $"{cpuString}-{type}-{role}.json" : $"{cpuString}-{type}.json";
    }

    /// <summary>event_download's <c>sanitize</c>: letters, digits, <c>_-.</c> only (so "uncore experimental" → "uncoreexperimental").</summary>
    public static string Sanitize(string text) =>
        string.Concat(text.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'));
}

/// <summary>Parses <c>mapfile.csv</c> and finds the rows for a CPU the way event_download's <c>parse_map_file</c> does.</summary>
public static class PerfmonMapFile
{
    public const string FileName = "mapfile.csv";

    public static List<PerfmonMapRow> Parse(string text)
    {
        var rows = new List<PerfmonMapRow>();
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.TrimEnd().ToString();
            if (line.StartsWith("Family-model", StringComparison.Ordinal))
            {
                continue;
            }
            var fields = line.Split(',');
            if (fields.Length < 4)
            {
                continue;
            }
            var role = fields.Length >= 7 && fields[6].Length > 0 ? fields[6] : null;
            rows.Add(new PerfmonMapRow(fields[0], fields[1], fields[2], fields[3], role));
        }
        return rows;
    }

    /// <summary>Rows whose pattern matches the CPU string with or without its stepping (either way round, as ocperf does).</summary>
    public static List<PerfmonMapRow> Match(IEnumerable<PerfmonMapRow> rows, string cpuString)
    {
        var withoutStepping = CpuIdentity.WithoutStepping(cpuString);
        return rows.Where(r => Glob.IsMatch(cpuString, r.CpuPattern) || Glob.IsMatch(withoutStepping, r.CpuPattern) ||
                               Glob.IsMatch(r.CpuPattern, withoutStepping) || Glob.IsMatch(r.CpuPattern, cpuString)).ToList();
    }
}

/// <summary>fnmatch-style globbing (<c>*</c>, <c>?</c>, <c>[set]</c>, <c>[!set]</c>), case-sensitive as on POSIX.</summary>
public static class Glob
{
    public static bool IsMatch(string text, string pattern) => Match(text, 0, pattern, 0);

    private static bool Match(string text, int t, string pattern, int p)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '*')
            {
                for (var skip = t; skip <= text.Length; skip++)
                {
                    if (Match(text, skip, pattern, p + 1))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.Length)
            {
                return false;
            }
            if (c == '[' && pattern.IndexOf(']', p + 1) is var close and > 0)
            {
                var set = pattern.AsSpan(p + 1, close - p - 1);
                var negate = set.Length > 0 && set[0] == '!';
                if (negate)
                {
                    set = set[1..];
                }
                if (InSet(set, text[t]) == negate)
                {
                    return false;
                }
                p = close + 1;
                t++;
                continue;
            }
            if (c != '?' && c != text[t])
            {
                return false;
            }
            p++;
            t++;
        }
        return t == text.Length;
    }

    private static bool InSet(ReadOnlySpan<char> set, char c)
    {
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                if (c >= set[i] && c <= set[i + 2])
                {
                    return true;
                }
                i += 2;
            }
            else if (set[i] == c)
            {
                return true;
            }
        }
        return false;
    }
}
