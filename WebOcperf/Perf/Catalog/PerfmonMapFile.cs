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
    /// <summary>
    /// Matches left to right, remembering only the latest <c>*</c>: on a mismatch that star takes one more character and
    /// matching resumes after it. An earlier star never needs to be retried (whatever it could take, the later star can),
    /// so this is at worst text length × pattern length, where trying every split for every star was exponential and
    /// recursed once per star (a pattern of many stars overflowed the stack).
    /// </summary>
    public static bool IsMatch(string text, string pattern)
    {
        var closingBrackets = ClosingBrackets(pattern);
        int t = 0, p = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starText = t;
                continue;
            }
            if (p < pattern.Length && MatchesOne(text[t], pattern, p, closingBrackets, out var next))
            {
                p = next;
                t++;
                continue;
            }
            if (star < 0)
            {
                return false;
            }
            p = star + 1;
            t = ++starText;
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>Whether one character matches the pattern element at <paramref name="p"/>; <paramref name="next"/> is the element after it.</summary>
    private static bool MatchesOne(char c, string pattern, int p, int[]? closingBrackets, out int next)
    {
        // a '[' without a later ']' is a literal character
        if (pattern[p] == '[' && closingBrackets is not null && p + 1 < pattern.Length && closingBrackets[p + 1] is var close and > 0)
        {
            var set = pattern.AsSpan(p + 1, close - p - 1);
            var negate = set.Length > 0 && set[0] == '!';
            if (negate)
            {
                set = set[1..];
            }
            next = close + 1;
            return InSet(set, c) != negate;
        }
        next = p + 1;
        return pattern[p] == '?' || pattern[p] == c;
    }

    /// <summary>For each position, the first ']' at or after it (-1 if none), so that bracket sets are not searched for again on every retry.</summary>
    private static int[]? ClosingBrackets(string pattern)
    {
        if (!pattern.Contains('['))
        {
            return null;
        }
        var closing = new int[pattern.Length];
        var next = -1;
        for (var i = pattern.Length - 1; i >= 0; i--)
        {
            if (pattern[i] == ']')
            {
                next = i;
            }
            closing[i] = next;
        }
        return closing;
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
