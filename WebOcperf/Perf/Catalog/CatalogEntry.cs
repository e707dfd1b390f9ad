namespace WebOcperf.Perf.Catalog;

/// <summary>One selectable event (or metric) of the catalog.</summary>
/// <param name="Name">The name as listed (perf's spelling, or the lower-cased Intel name).</param>
/// <param name="Aliases">Other names perf accepts for the same event (<c>cycles</c> for <c>cpu-cycles</c>).</param>
/// <param name="Pmu">The PMU or uncore unit when known (<c>cpu</c>, <c>cpu_atom</c>, <c>uncore_cbox</c>, <c>msr</c>).</param>
/// <param name="Topic">perf's topic header or metric group the entry was listed under.</param>
/// <param name="Source">Where the entry was read from, e.g. <c>perf list</c> or an event file name.</param>
public sealed record CatalogEntry(
    string Name,
    EventKind Kind,
    string BriefDescription,
    string LongDescription,
    string? Pmu,
    IReadOnlyList<string> Aliases,
    string? Topic,
    string Source,
    bool Available = true,
    string? UnavailableReason = null)
{
    /// <summary>
    /// What to type into the event box. On a hybrid CPU the same Intel name exists for both core types, so the PMU
    /// prefix (<c>cpu_atom/name/</c>) picks the list.
    /// </summary>
    public string Selector => Kind == EventKind.IntelCore && Pmu is HybridPmus.Core or HybridPmus.Atom ? $"{Pmu}/{Name}/" : Name;
}

/// <summary>A <c>perf list</c> line that describes syntax (<c>rNNN</c>, <c>mem:&lt;addr&gt;</c>) rather than an event.</summary>
public sealed record EventSyntaxHelp(string Pattern, string Description);

/// <summary>The kernel's PMU names on Intel hybrid CPUs.</summary>
public static class HybridPmus
{
    public const string Core = "cpu_core";
    public const string Atom = "cpu_atom";
    public const string Plain = "cpu";
}
