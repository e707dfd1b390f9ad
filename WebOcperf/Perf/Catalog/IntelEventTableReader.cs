using System.Globalization;
using System.Text.Json;

namespace WebOcperf.Perf.Catalog;

/// <summary>
/// Reads Intel event files (<c>{"Header":…, "Events":[…]}</c> or a bare array) and encodes each row the way
/// ocperf's <c>EmapNativeJSON.read_table</c> and <c>UncoreEvent</c> do.
/// </summary>
public static class IntelEventTableReader
{
    // pmudef.py: EVENTSEL_* bits and EVMASK (event, umask, edge, pc, any, inv, cmask, and the second umask byte)
    private const ulong EventSelEdge = 1UL << 18;
    private const ulong EventSelPc = 1UL << 19;
    private const ulong EventSelAny = 1UL << 21;
    private const ulong EventSelInv = 1UL << 23;
    private const ulong EventSelCmask = 0xffUL << 24;
    private const ulong EventSelUmask2 = 0xffUL << 40;
    private const ulong EventMask = 0xff | 0xff00 | EventSelEdge | EventSelPc | EventSelAny | EventSelInv | EventSelCmask | EventSelUmask2;

    private static readonly (ulong Flag, string Name)[] FlagTerms =
        [(EventSelEdge, "edge"), (EventSelPc, "pc"), (EventSelAny, "any"), (EventSelInv, "inv"), (EventSelCmask, "cmask")];

    /// <summary>Names counted by fixed counters, mapped to their programmable encoding (code, umask, any).</summary>
    private static readonly Dictionary<string, (ulong Code, ulong Umask, ulong Any)> FixedCounters = new(StringComparer.Ordinal)
    {
        ["inst_retired.any"] = (0xc0, 0, 0),
        ["cpu_clk_unhalted.thread"] = (0x3c, 0, 0),
        ["cpu_clk_unhalted.thread_any"] = (0x3c, 0, 1),
        ["cpu_clk_unhalted.core"] = (0x3c, 0, 1),
    };

    private static readonly Dictionary<string, string> UncoreUnitRenames = new(StringComparer.Ordinal)
    {
        ["imph-u"] = "arb", ["kti ll"] = "upi", ["m3kti"] = "m3upi", ["upi ll"] = "upi",
    };

    private static readonly Dictionary<string, string> BoxToPerf = new(StringComparer.Ordinal)
    {
        ["cbo"] = "cbox", ["qpi_ll"] = "qpi", ["sbo"] = "sbox",
    };

    /// <summary>The rows of an event file as field → text (numbers and booleans become text as ocperf reads them).</summary>
    public static List<Dictionary<string, string>> ReadRows(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Events", out var events))
        {
            root = events;
        }
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("an event file must be an array of events or an object with an \"Events\" array");
        }
        var rows = new List<Dictionary<string, string>>(root.GetArrayLength());
        foreach (var element in root.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                row[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.True => "1",
                    JsonValueKind.False => "0",
                    JsonValueKind.Null => "",
                    _ => property.Value.GetRawText(),
                };
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Adds the core events of one file to <paramref name="list"/>; rows ocperf cannot parse are skipped.</summary>
    public static void AddCoreEvents(IntelCoreEventList list, IEnumerable<Dictionary<string, string>> rows, bool offcoreTerms, bool ldlatTerms)
    {
        foreach (var row in rows)
        {
            if (TryEncodeCore(row, list.Pmu, offcoreTerms, ldlatTerms) is { } intelEvent)
            {
                list.Add(intelEvent);
            }
        }
        if (list.Contains("topdown.slots"))
        {
            AddTopdown(list);
        }
    }

    /// <summary>One row → event, following <c>read_table</c>; null when EventCode/UMask are not hex numbers.</summary>
    public static IntelCoreEvent? TryEncodeCore(IReadOnlyDictionary<string, string> row, string pmu, bool offcoreTerms = true, bool ldlatTerms = true)
    {
        if (!row.TryGetValue("EventName", out var eventName) || !TryFirstHex(row, "EventCode", out var code) ||
            !TryFirstHex(row, "UMask", out var umask))
        {
            return null;
        }
        var name = eventName.ToLowerInvariant().TrimEnd();
        if (TryFirstHex(row, "UMaskExt", out var umaskExt))
        {
            umask |= umaskExt << (40 - 8);
        }
        ulong anyFixed = 0;
        if (FixedCounters.TryGetValue(name, out var fixedCounter))
        {
            (code, umask, anyFixed) = fixedCounter;
        }
        var other = TryFirstHex(row, "Other", out var otherBits) ? otherBits << 16 : 0;
        other |= FirstHexOrZero(row, "EdgeDetect") << 18;
        if (row.ContainsKey("AnyThread"))
        {
            other |= (FirstHexOrZero(row, "AnyThread") | anyFixed) << 21;
        }
        if (row.ContainsKey("CounterMask"))
        {
            other |= DecimalOrZero(row, "CounterMask") << 24;
        }
        else if (row.ContainsKey("CMask"))
        {
            other |= DecimalOrZero(row, "CMask") << 24;
        }
        other |= FirstHexOrZero(row, "Invert") << 23;
        var config = (code | (umask << 8) | other) & EventMask;

        var description = row.GetValueOrDefault("PublicDescription")?.Trim() ?? "";
        var brief = row.GetValueOrDefault("BriefDescription")?.Trim() ?? "";
        if (description.Length == 0)
        {
            description = brief;
        }
        if (row.TryGetValue("Errata", out var errata) && errata is not ("null" or ""))
        {
            description += " Errata: " + errata;
        }

        var modifiers = "";
        if ((other & (1UL << 16)) != 0)
        {
            modifiers += "u";
        }
        if ((other & (1UL << 17)) != 0)
        {
            modifiers += "k";
        }
        var msrTerms = MsrTerms(row, offcoreTerms, ldlatTerms);
        var counter = row.GetValueOrDefault("Counter") ?? "";
        var collectPebs = DecimalOrZero(row, "CollectPEBS");
        var pebs = DecimalOrZero(row, "PEBS");
        if (collectPebs > 1 || pebs >= 2)
        {
            modifiers += "pp";
            if (counter.Split(',').Length == 1)
            {
                modifiers += "p";
            }
        }
        foreach (var (flag, termName) in FlagTerms)
        {
            if ((config & flag) != 0)
            {
                var value = (config & flag) >> System.Numerics.BitOperations.TrailingZeroCount(flag);
                msrTerms += $",{termName}={value.ToString(CultureInfo.InvariantCulture)}";
            }
        }
        var period = long.TryParse(row.GetValueOrDefault("SampleAfterValue"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sav) ? sav : 0;
        return new IntelCoreEvent(name, config, msrTerms, modifiers, counter, period, pmu,
            brief.Length > 0 ? brief : PerfListParser.FirstSentence(description), description);
    }

    /// <summary>MSRIndex 0x1a6/0x1a7 → offcore_rsp, 0x3f6 → ldlat, 0x3f7 → frontend; other MSRs cannot be expressed.</summary>
    private static string MsrTerms(IReadOnlyDictionary<string, string> row, bool offcoreTerms, bool ldlatTerms)
    {
        if (!row.TryGetValue("MSRIndex", out var index) || index.Length == 0 || !row.TryGetValue("MSRValue", out var value) ||
            value.Length == 0 || !TryFirstHex(row, "MSRIndex", out var msr) || !TryFirstHex(row, "MSRValue", out var msrValue))
        {
            return "";
        }
        return msr switch
        {
            0x1a6 or 0x1a7 when offcoreTerms => $",offcore_rsp=0x{msrValue.ToString("x", CultureInfo.InvariantCulture)}",
            0x3f6 when ldlatTerms => $",ldlat=0x{msrValue.ToString("x", CultureInfo.InvariantCulture)}",
            0x3f7 => ",frontend=" + OcperfQualifiers.PythonHex(msrValue),
            _ => "",
        };
    }

    /// <summary>The perf names of the topdown metrics events, added when the table has <c>topdown.slots</c> (ocperf's <c>add_topdown</c>).</summary>
    private static void AddTopdown(IntelCoreEventList list)
    {
        void Add(string name, string perfName, string description, string counter) =>
            list.Add(new IntelCoreEvent(name, 0, "", "", counter, 0, list.Pmu, description, description, perfName));

        Add("perf_metrics.retiring", "topdown-retiring", "Number of slots the pipeline was frontend bound.", "32");
        Add("perf_metrics.bad_speculation", "topdown-bad-spec", "Number of slots the pipeline was doing bad speculation.", "33");
        Add("perf_metrics.frontend_bound", "topdown-fe-bound", "Number of slots the pipeline was frontend bound.", "34");
        Add("perf_metrics.backend_bound", "topdown-be-bound", "Number of slots the pipeline was backend bound.", "35");
        Add("topdown.slots", "slots", "Number of slots", "36");
        if (list.Contains("topdown.memory_bound_slots"))
        {
            Add("perf_metrics.heavy_operations", "topdown-heavy-ops", "Number of slots pipeline retired microcode instructions with >2 uops", "36");
            Add("perf_metrics.branch_mispredicts", "topdown-br-mispredict", "Number of slots frontend was bound by branch mispredictions", "37");
            Add("perf_metrics.memory_bound", "topdown-mem-bound", "Number of slots backend was bound by memory", "38");
            Add("perf_metrics.fetch_latency", "topdown-fetch-lat", "Number of slots frontend was bound by memory fetch latency", "39");
        }
    }

    /// <summary>Adds uncore events (ocperf's <c>add_uncore</c>); <paramref name="clockBoxExists"/> decides where NCU events go.</summary>
    public static void AddUncoreEvents(Dictionary<string, IntelUncoreEvent> target, IEnumerable<Dictionary<string, string>> rows, bool clockBoxExists)
    {
        foreach (var row in rows)
        {
            if (TryEncodeUncore(row, clockBoxExists) is { } uncoreEvent)
            {
                target[uncoreEvent.Name] = uncoreEvent;
            }
        }
    }

    public static IntelUncoreEvent? TryEncodeUncore(IReadOnlyDictionary<string, string> row, bool clockBoxExists = false)
    {
        if (!row.TryGetValue("EventName", out var eventName) || !row.TryGetValue("Unit", out var unitText) ||
            !TryHex(row.GetValueOrDefault("EventCode"), out var code) || !TryHex(row.GetValueOrDefault("UMask"), out var umask))
        {
            return null;
        }
        var internalBits = DecimalOrZero(row, "Internal");
        if (internalBits != 0)
        {
            code |= internalBits << 21;
        }
        var unit = unitText.ToLowerInvariant();
        unit = UncoreUnitRenames.GetValueOrDefault(unit, unit);
        if (unit == "ncu")
        {
            // the NCU clock ticks: perf exposes them as a fixed event 0xff on the clock (or cbox) box
            unit = clockBoxExists ? "clock" : "cbox";
            umask = 0;
            code = 0xff;
        }
        unit = BoxToPerf.GetValueOrDefault(unit, unit);
        var description = (row.GetValueOrDefault("PublicDescription") ?? row.GetValueOrDefault("BriefDescription") ??
            row.GetValueOrDefault("Description") ?? "").Trim();
        var brief = row.GetValueOrDefault("BriefDescription")?.Trim() ?? PerfListParser.FirstSentence(description);
        return new IntelUncoreEvent(eventName.ToLowerInvariant(), unit, code, umask, DecimalOrZero(row, "CounterMask"),
            DecimalOrZero(row, "Invert") != 0, DecimalOrZero(row, "EdgeDetect") != 0, brief, description);
    }

    private static bool TryFirstHex(IReadOnlyDictionary<string, string> row, string field, out ulong value)
    {
        value = 0;
        return row.TryGetValue(field, out var text) && TryHex(text.Split(',')[0], out value);
    }

    private static ulong FirstHexOrZero(IReadOnlyDictionary<string, string> row, string field) =>
        TryFirstHex(row, field, out var value) ? value : 0;

    private static bool TryHex(string? text, out ulong value)
    {
        value = 0;
        if (text is null)
        {
            return false;
        }
        var span = text.AsSpan().Trim();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }
        return ulong.TryParse(span, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>ocperf's <c>int_or_zero</c> / <c>getdec</c>: decimal, with True/False as 1/0.</summary>
    private static ulong DecimalOrZero(IReadOnlyDictionary<string, string> row, string field)
    {
        if (!row.TryGetValue(field, out var text))
        {
            return 0;
        }
        return text switch
        {
            "True" => 1,
            "False" => 0,
            _ => ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0,
        };
    }
}
