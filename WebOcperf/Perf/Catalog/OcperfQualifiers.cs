using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WebOcperf.Perf.Catalog;

/// <summary>
/// The qualifier grammar of pmu-tools' ocperf (<c>qual_map</c>, <c>qualval_map</c>, <c>uncore_map</c>,
/// <c>extra_set</c>, <c>merge_extra</c>, <c>convert_extra</c>, <c>convert_uncore</c>), reproduced so that the same
/// user text gives the same perf event string.
/// </summary>
public static class OcperfQualifiers
{
    /// <summary>perf's own modifiers that ocperf passes through (without the PEBS <c>p</c>, handled as <c>p+</c>).</summary>
    public const string PerfModifiers = "kuhGHSD";

    private const string Number = "(0x[0-9a-fA-F]+|[0-9]+)";

    /// <summary>Literal qualifiers: (text, perf term, perf modifier).</summary>
    private static readonly (string Text, string Term, string Modifier)[] QualMap =
    [
        ("amt1", "any=1", ""), ("percore", "percore=1", ""), ("perf_metrics", "", ""), ("i1", "inv=1", ""),
        ("e1", "edge=1", ""), ("e0", "edge=0", ""), ("tx", "in_tx=1", ""), ("sup", "", "k"), ("usr=yes", "", "u"),
        ("usr=no", "", "k"), ("os=yes", "", "k"), ("os=no", "", "u"), ("anythr=yes", "any=1", ""),
        ("anythr=no", "any=0", ""), ("pdir", "", "ppp"), ("precise=yes", "", "pp"), ("cp", "in_tx_cp=1", ""),
    ];

    private enum ValueFormat { Hex, Decimal }

    /// <summary>Qualifiers with a value: (pattern, perf term name, how the value is printed).</summary>
    private static readonly (string Pattern, string Term, ValueFormat Format)[] QualValMap =
    [
        ("event_select=" + Number, "event", ValueFormat.Hex), ("u" + Number, "umask", ValueFormat.Hex),
        ("c(?:mask=)?" + Number, "cmask", ValueFormat.Decimal), ("e(?:dge=)?" + Number, "edge", ValueFormat.Decimal),
        ("ocr_msr_val=" + Number, "config1", ValueFormat.Hex),
        ("(?:sa|sample-after|period)=" + Number, "period", ValueFormat.Decimal),
    ];

    /// <summary>Uncore qualifiers: (pattern, perf term prefix, shift of the value or -1 to copy the text).</summary>
    private static readonly (string Pattern, string Prefix, int Shift)[] UncoreMap =
    [
        ("e([0-9])", "edge=", -1), ("t=([0-9]+)", "thresh=", -1), ("match=(0x[0-9a-fA-F]+)", "filter_occ=", -1),
        ("filter1=(0x[0-9a-fA-F]+)", "config1=", 32), ("nc=([0-9]+)", "filter_nc=", -1),
        ("filter=(0x[0-9a-fA-F]+)", "config1=", -1), ("one_unit", "", -1), ("u" + Number, "umask=", -1),
        ("opc=?" + Number, "filter_opc=", -1), ("tid=?" + Number, "filter_tid=", -1),
        ("state=?" + Number, "filter_state=", -1),
    ];

    private static readonly (string Pattern, string Prefix, int Shift)[] UncoreThresh = [("c(?:mask=)?" + Number, "thresh=", -1)];
    private static readonly (string Pattern, string Prefix, int Shift)[] UncoreCmask = [("c(?:mask=)?" + Number, "cmask=", -1)];

    private static readonly Regex NumberRegex = new(Number, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex TokenRegex = new(
        "(" + string.Join('|', QualMap.Select(q => q.Text).Concat(QualValMap.Select(q => q.Pattern))
            .Concat(UncoreMap.Select(q => q.Pattern))) + "|[" + PerfModifiers + "]|p+)",
        RegexOptions.CultureInvariant);

    private static readonly Regex[] QualValRegexes =
        QualValMap.Select(q => new Regex(@"\G" + q.Pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)).ToArray();

    private static readonly Regex[] UncoreRegexes =
        UncoreMap.Select(q => new Regex(@"\G" + q.Pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)).ToArray();

    private static readonly Regex[] UncoreThreshRegexes = [new(@"\G" + UncoreThresh[0].Pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)];
    private static readonly Regex[] UncoreCmaskRegexes = [new(@"\G" + UncoreCmask[0].Pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)];

    /// <summary>
    /// ocperf's <c>extra_set</c>: the recognised qualifier tokens in <paramref name="text"/>. Text that no token covers
    /// (other than the <c>:</c> separators) is returned in <paramref name="unrecognised"/>; ocperf drops it silently,
    /// we report it.
    /// </summary>
    public static HashSet<string> ExtraSet(string text, out string unrecognised)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var leftover = new StringBuilder();
        var position = 0;
        foreach (Match match in TokenRegex.Matches(text))
        {
            leftover.Append(text, position, match.Index - position);
            tokens.Add(match.Groups[1].Value);
            position = match.Index + match.Length;
        }
        leftover.Append(text, position, text.Length - position);
        unrecognised = leftover.ToString().Replace(":", "", StringComparison.Ordinal);
        return tokens;
    }

    public static HashSet<string> ExtraSet(string text) => ExtraSet(text, out _);

    /// <summary>ocperf's <c>merge_extra</c>: the union, where <c>ppp</c> supersedes <c>pp</c> and <c>pp</c> supersedes <c>p</c>.</summary>
    public static HashSet<string> Merge(IEnumerable<string> a, IEnumerable<string> b)
    {
        var merged = new HashSet<string>(a, StringComparer.Ordinal);
        merged.UnionWith(b);
        if (merged.Contains("ppp"))
        {
            merged.Remove("p");
            merged.Remove("pp");
        }
        if (merged.Contains("pp"))
        {
            merged.Remove("p");
        }
        merged.Remove(":");
        return merged;
    }

    /// <summary>Joins tokens the way ocperf does (<c>"".join(sorted(set))</c>), which is the form it re-parses.</summary>
    public static string JoinSorted(IEnumerable<string> tokens) => string.Concat(tokens.Order(StringComparer.Ordinal));

    /// <summary>
    /// ocperf's <c>convert_extra</c>: turns joined qualifier text into perf terms (<c>cmask=1</c>, <c>any=1</c>) and
    /// perf modifiers (<c>u</c>, <c>pp</c>). Returns the unparsable rest (empty when all was understood).
    /// </summary>
    public static string ConvertExtra(string extra, List<string> terms, StringBuilder modifiers)
    {
        var position = 0;
        while (position < extra.Length)
        {
            if (extra[position] == ':')
            {
                position++;
                continue;
            }
            if (TryQualVal(extra, ref position, terms))
            {
                continue;
            }
            if (TryQual(extra, ref position, terms, modifiers))
            {
                continue;
            }
            if (PerfModifiers.Contains(extra[position]) || extra[position] == 'p')
            {
                modifiers.Append(extra[position]);
                position++;
                continue;
            }
            return extra[position..];
        }
        return "";
    }

    private static bool TryQualVal(string extra, ref int position, List<string> terms)
    {
        for (var i = 0; i < QualValRegexes.Length; i++)
        {
            var match = QualValRegexes[i].Match(extra, position);
            if (!match.Success)
            {
                continue;
            }
            if (!TryParsePythonInt(match.Groups[1].Value, out var value))
            {
                // more than 64 bits: no perf term takes it, so it is left unparsed like any other unknown text
                return false;
            }
            var (_, term, format) = QualValMap[i];
            terms.Add(format == ValueFormat.Hex ? $"{term}={PythonHex(value)}" : $"{term}={value.ToString(CultureInfo.InvariantCulture)}");
            position += match.Length;
            return true;
        }
        return false;
    }

    private static bool TryQual(string extra, ref int position, List<string> terms, StringBuilder modifiers)
    {
        foreach (var (text, term, modifier) in QualMap)
        {
            if (string.Compare(extra, position, text, 0, text.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
                extra.Length - position >= text.Length)
            {
                terms.Add(term);
                modifiers.Append(modifier);
                position += text.Length;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// ocperf's <c>convert_uncore</c>: uncore qualifier text to perf terms, each prefixed by a comma. Like ocperf, it
    /// makes passes over the patterns in order and stops at the first pass that leaves text it cannot parse.
    /// </summary>
    public static string ConvertUncore(string flags, bool unitHasCmask)
    {
        var output = new StringBuilder();
        var extraRegexes = unitHasCmask ? UncoreCmaskRegexes : UncoreThreshRegexes;
        var extraMap = unitHasCmask ? UncoreCmask : UncoreThresh;
        while (flags.Length > 0)
        {
            var finished = false;
            for (var i = 0; i < UncoreRegexes.Length + extraRegexes.Length; i++)
            {
                var (regex, (_, prefix, shift)) = i < UncoreRegexes.Length
                    ? (UncoreRegexes[i], UncoreMap[i])
                    : (extraRegexes[i - UncoreRegexes.Length], extraMap[i - UncoreRegexes.Length]);
                if (flags.StartsWith(','))
                {
                    flags = flags[1..];
                }
                var match = regex.Match(flags);
                var shifted = 0UL;
                if (match.Success && (shift < 0 || TryParsePythonInt(match.Groups[1].Value, out shifted)))
                {
                    if (prefix.Length > 0)
                    {
                        output.Append(',').Append(prefix).Append(shift >= 0
                            ? PythonHex(shifted << shift)
                            : match.Groups[1].Value);
                    }
                    flags = flags[match.Length..];
                }
                if (flags.Length == 0)
                {
                    finished = true;
                    break;
                }
                if (flags.StartsWith(':'))
                {
                    flags = flags[1..];
                }
            }
            if (!finished)
            {
                break;
            }
        }
        return output.ToString();
    }

    /// <summary>
    /// Python's <c>int(text, 0)</c> for the forms the patterns admit (hex with 0x, or decimal). False when the value needs
    /// more than 64 bits: Python would take it, but perf's terms are 64-bit and the user may type anything.
    /// </summary>
    public static bool TryParsePythonInt(string text, out ulong value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>The first number in qualifier text that does not fit in 64 bits, or null when all do.</summary>
    public static string? FindOversizedNumber(string text)
    {
        foreach (Match match in NumberRegex.Matches(text))
        {
            if (!TryParsePythonInt(match.Value, out _))
            {
                return match.Value;
            }
        }
        return null;
    }

    /// <summary>Python's <c>"%#x"</c>.</summary>
    public static string PythonHex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>ocperf's <c>gen_name</c>: the <c>name=</c> term perf shows for the event.</summary>
    public static string GenName(string name, bool supervisor)
    {
        var generated = name.Replace('.', '_').Replace(':', '_').Replace('=', '_');
        return supervisor ? generated + "_k" : generated;
    }
}
