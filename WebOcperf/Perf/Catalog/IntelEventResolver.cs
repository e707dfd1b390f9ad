using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WebOcperf.Perf.Catalog;

/// <summary>
/// Turns Intel event names (with ocperf's qualifiers and perf modifiers) into perf event strings, following ocperf's
/// <c>getevent</c>, <c>Event.output</c>, <c>UncoreEvent.output_newstyle</c> and <c>process_events</c>.
/// </summary>
public sealed partial class IntelEventResolver(IntelEventLists lists, IPmuTopology topology, string machine = "this machine")
{
    public IntelEventLists Lists { get; } = lists;

    /// <summary>The outcome of one lookup: a perf string, or why the name is known but cannot be used.</summary>
    public sealed record Resolution(string? PerfEvent, string? Error)
    {
        public static readonly Resolution NotFound = new(null, null);
        public bool Found => PerfEvent is not null || Error is not null;
    }

    private sealed record CoreMatch(IntelCoreEvent Event, string DisplayName);
    private sealed record UncoreMatch(IntelUncoreEvent Event, string DisplayName, string UserFlags);

    /// <summary>Resolves a plain name such as <c>mem_load_retired.l3_miss:c1:pp</c>.</summary>
    public Resolution ResolveName(string userEvent, bool forRecord)
    {
        IReadOnlyList<IntelCoreEventList?> lists = Lists.CoreLists.Count == 0 ? [null] : [.. Lists.CoreLists];
        string? error = null;
        foreach (var list in lists)
        {
            var match = GetEvent(list, userEvent, ref error);
            switch (match)
            {
                case CoreMatch core:
                    return new Resolution(OutputCore(core, forRecord), null);
                case UncoreMatch uncore:
                    return new Resolution(OutputUncore(uncore), null);
            }
        }
        return error is null ? Resolution.NotFound : new Resolution(null, error);
    }

    /// <summary>
    /// Resolves the <c>pmu/name[,terms]/modifiers</c> form (<c>cpu_atom/br_inst_retired.all_branches/u</c>); not found
    /// when the name inside is not an Intel event, so that raw terms pass through.
    /// </summary>
    public Resolution ResolvePmuForm(string pmu, string inner, string modifiers, bool forRecord)
    {
        var comma = inner.IndexOf(',');
        var name = comma < 0 ? inner : inner[..comma];
        var moreTerms = comma < 0 ? "" : inner[comma..];
        var list = Lists.CoreLists.FirstOrDefault(l => l.Pmu == pmu) ?? Lists.CoreLists.FirstOrDefault();
        if (list is null)
        {
            return Resolution.NotFound;
        }
        string? error = null;
        if (GetEvent(list, name, ref error) is not CoreMatch core)
        {
            return Resolution.NotFound;
        }
        // ocperf appends the merged modifier tokens as they are, after the user's own terms
        var tokens = OcperfQualifiers.Merge(OcperfQualifiers.ExtraSet(core.Event.Modifiers), OcperfQualifiers.ExtraSet(modifiers));
        var body = OutputNewStyle(core, [], forRecord);
        return new Resolution($"{pmu}/{body}{moreTerms}/{OcperfQualifiers.JoinSorted(tokens)}", null);
    }

    private object? GetEvent(IntelCoreEventList? list, string userEvent, ref string? error)
    {
        var text = userEvent.ToLowerInvariant();
        var requestResponse = RequestResponseRegex().Match(text);
        if (requestResponse.Success)
        {
            var combined = $"{requestResponse.Groups[1].Value}.{requestResponse.Groups[2].Value}.{requestResponse.Groups[3].Value}";
            return Rename(GetEvent(list, combined, ref error), text);
        }
        var name = text;
        var extra = "";
        var delimiter = "";
        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            name = text[..colon];
            extra = text[(colon + 1)..];
            delimiter = ":";
        }
        if (list?.Get(name) is { } found)
        {
            return WithUserModifiers(found, name, extra, ref error);
        }
        if (name.EndsWith("_ps", StringComparison.Ordinal))
        {
            return Rename(GetEvent(list, name[..^3] + ":p" + extra, ref error), name);
        }
        if (name.StartsWith("offcore", StringComparison.Ordinal) && list?.Contains(name + "_0") == true)
        {
            return Rename(GetEvent(list, name + "_0" + delimiter + extra, ref error), name);
        }
        if (Lists.UncoreEvents.TryGetValue(name, out var uncore))
        {
            return !IsOversized(name, extra, ref error) && CheckUncore(uncore, ref error) ? new UncoreMatch(uncore, name, extra) : null;
        }
        if (list?.GetPerfStyle(name) is { } perfStyle)
        {
            return new CoreMatch(perfStyle, perfStyle.Name);
        }
        if (list?.GetByPerfAlias(name) is { } aliased)
        {
            return new CoreMatch(aliased, aliased.Name);
        }
        return null;
    }

    private static object? WithUserModifiers(IntelCoreEvent found, string name, string extra, ref string? error)
    {
        if (IsOversized(name, extra, ref error))
        {
            return null;
        }
        // ocperf: "period=" would read as the PEBS modifier p, so it is spelled sample-after= here
        var userTokens = OcperfQualifiers.ExtraSet(extra.Replace("period=", "sample-after=", StringComparison.Ordinal), out var unrecognised);
        if (unrecognised.Length > 0)
        {
            error = $"unknown qualifier in '{name}:{extra}' (not understood: '{unrecognised}')";
            return null;
        }
        var eventTokens = OcperfQualifiers.ExtraSet(found.Modifiers);
        var merged = OcperfQualifiers.Merge(eventTokens, userTokens);
        if (userTokens.Count > 0 && merged.IsProperSupersetOf(eventTokens))
        {
            found = found with { Modifiers = OcperfQualifiers.JoinSorted(merged) };
        }
        return new CoreMatch(found, found.Name);
    }

    /// <summary>A qualifier value beyond 64 bits is refused with a reason rather than dropped or wrapped.</summary>
    private static bool IsOversized(string name, string extra, ref string? error)
    {
        if (OcperfQualifiers.FindOversizedNumber(extra) is not { } oversized)
        {
            return false;
        }
        error = $"qualifier value {oversized} in '{name}:{extra}' does not fit in 64 bits";
        return true;
    }

    private static object? Rename(object? match, string name) => match switch
    {
        CoreMatch core => core with { DisplayName = name },
        UncoreMatch uncore => uncore with { DisplayName = name },
        _ => null,
    };

    private static string OutputCore(CoreMatch match, bool forRecord)
    {
        var tokens = OcperfQualifiers.Merge(OcperfQualifiers.ExtraSet(match.Event.Modifiers), []);
        var terms = new List<string>();
        var modifiers = new StringBuilder();
        OcperfQualifiers.ConvertExtra(":" + OcperfQualifiers.JoinSorted(tokens), terms, modifiers);
        return $"{match.Event.Pmu}/{OutputNewStyle(match, terms, forRecord)}/{modifiers}";
    }

    /// <summary>ocperf's <c>Event.output_newstyle</c>: the part between the slashes.</summary>
    private static string OutputNewStyle(CoreMatch match, List<string> terms, bool forRecord)
    {
        var intelEvent = match.Event;
        // ocperf would emit an empty term (",,") for qualifiers that only set a modifier (sup, usr=yes); perf rejects that
        var termText = string.Join(',', terms.Where(t => t.Length > 0));
        var extra = termText.Length > 0 ? intelEvent.MsrTerms + "," + termText : intelEvent.MsrTerms;
        var config = intelEvent.Config;
        var umask = ((config >> 8) & 0xff) | (((config >> 40) & 0xff) << 8);
        var body = new StringBuilder(intelEvent.PerfAlias ?? string.Create(CultureInfo.InvariantCulture, $"event=0x{config & 0xff:x},umask=0x{umask:x}"));
        body.Append(extra);
        body.Append(",name=").Append(OcperfQualifiers.GenName(match.DisplayName, (intelEvent.Modifiers + extra).Contains("sup", StringComparison.Ordinal)));
        if (forRecord && intelEvent.Period != 0 && !body.ToString().Contains(",period=", StringComparison.Ordinal))
        {
            body.Append(",period=").Append(intelEvent.Period.ToString(CultureInfo.InvariantCulture));
        }
        return body.ToString();
    }

    /// <summary>ocperf's <c>check_uncore_event</c>, except that a unit without a format directory keeps its terms.</summary>
    private bool CheckUncore(IntelUncoreEvent uncore, ref string? error)
    {
        var pmu = "uncore_" + uncore.Unit;
        var firstBox = pmu + "_0";
        if (!topology.PmuExists(pmu) && !topology.PmuExists(firstBox))
        {
            error = $"uncore event '{uncore.Name}' needs PMU {pmu}, which {machine} does not have";
            return false;
        }
        foreach (var (term, needed) in new[] { ("cmask", uncore.Cmask != 0), ("umask", uncore.Umask != 0) })
        {
            if (needed && (topology.HasFormat(pmu, term) ?? topology.HasFormat(firstBox, term)) == false)
            {
                error = $"uncore event '{uncore.Name}' needs the {term} field, which {pmu} does not have";
                return false;
            }
        }
        return true;
    }

    private string OutputUncore(UncoreMatch match)
    {
        var uncore = match.Event;
        var body = new StringBuilder("/event=").Append(OcperfQualifiers.PythonHex(uncore.Code));
        if (uncore.Umask != 0)
        {
            body.Append(",umask=").Append(OcperfQualifiers.PythonHex(uncore.Umask));
        }
        if (uncore.Cmask != 0)
        {
            body.Append(",cmask=").Append(OcperfQualifiers.PythonHex(uncore.Cmask));
        }
        if (uncore.Edge)
        {
            body.Append(",edge=1");
        }
        if (uncore.Invert)
        {
            body.Append(",inv=1");
        }
        var pmu = "uncore_" + uncore.Unit;
        var unitHasCmask = topology.HasFormat(pmu, "cmask") == true || topology.HasFormat(pmu + "_0", "cmask") == true;
        body.Append(OcperfQualifiers.ConvertUncore(match.UserFlags, unitHasCmask));
        body.Append(",name=").Append(OcperfQualifiers.GenName(match.DisplayName, false)).Append("_NUM/");
        var template = body.ToString();

        var oneUnit = match.UserFlags.Contains("one_unit", StringComparison.Ordinal);
        if (!topology.PmuExists(pmu) && topology.PmuExists(pmu + "_0"))
        {
            var boxes = new List<string>();
            for (var box = 0; topology.PmuExists($"{pmu}_{box}") && !(oneUnit && box > 0); box++)
            {
                boxes.Add($"{pmu}_{box}" + template.Replace("_NUM", "_" + box.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }
            return string.Join(',', boxes);
        }
        return pmu + template.Replace("_NUM", "", StringComparison.Ordinal);
    }

    [GeneratedRegex("^([^:]+):request=([^:]+):response=([^:]+)")]
    private static partial Regex RequestResponseRegex();
}
