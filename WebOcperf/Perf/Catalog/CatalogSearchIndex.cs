namespace WebOcperf.Perf.Catalog;

/// <summary>
/// Substring search over names and descriptions. The lower-cased text is computed once, so a query is a few ordinal
/// <c>IndexOf</c> calls per entry (no regex, no allocation per entry).
/// </summary>
internal sealed class CatalogSearchIndex
{
    private enum Rank { ExactName, NamePrefix, NameContains, Description }

    private readonly IReadOnlyList<CatalogEntry> entries;
    private readonly string[] names;
    private readonly string[][] aliases;
    private readonly string[] texts;

    public CatalogSearchIndex(IReadOnlyList<CatalogEntry> entries)
    {
        this.entries = entries;
        names = new string[entries.Count];
        aliases = new string[entries.Count][];
        texts = new string[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            names[i] = entry.Name.ToLowerInvariant();
            aliases[i] = entry.Aliases.Select(a => a.ToLowerInvariant()).ToArray();
            texts[i] = string.Join('\n', [names[i], .. aliases[i], entry.LongDescription.ToLowerInvariant(),
                entry.Topic?.ToLowerInvariant() ?? "", entry.Pmu?.ToLowerInvariant() ?? ""]);
        }
    }

    public IReadOnlyList<CatalogEntry> Search(string query, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }
        var lowered = query.Trim().ToLowerInvariant();
        if (lowered.Length == 0)
        {
            return FirstPage(limit);
        }
        var terms = lowered.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var matches = new List<(int Index, Rank Rank)>();
        for (var i = 0; i < texts.Length; i++)
        {
            if (ContainsAll(texts[i], terms))
            {
                matches.Add((i, RankOf(i, lowered, terms)));
            }
        }
        matches.Sort((a, b) => Compare(a.Index, a.Rank, b.Index, b.Rank));
        return matches.Take(limit).Select(m => entries[m.Index]).ToList();
    }

    private static bool ContainsAll(string text, string[] terms)
    {
        foreach (var term in terms)
        {
            if (!text.Contains(term, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    private Rank RankOf(int index, string query, string[] terms)
    {
        var name = names[index];
        if (name == query || Array.IndexOf(aliases[index], query) >= 0)
        {
            return Rank.ExactName;
        }
        if (name.StartsWith(query, StringComparison.Ordinal) || aliases[index].Any(a => a.StartsWith(query, StringComparison.Ordinal)))
        {
            return Rank.NamePrefix;
        }
        return terms.All(t => name.Contains(t, StringComparison.Ordinal)) ? Rank.NameContains : Rank.Description;
    }

    private int Compare(int a, Rank rankA, int b, Rank rankB)
    {
        var byRank = rankA.CompareTo(rankB);
        if (byRank != 0)
        {
            return byRank;
        }
        var byAvailability = entries[b].Available.CompareTo(entries[a].Available);
        if (byAvailability != 0)
        {
            return byAvailability;
        }
        var byLength = names[a].Length.CompareTo(names[b].Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(names[a], names[b]);
    }

    /// <summary>For an empty query: a few entries of every kind, in kind order, available ones first.</summary>
    private List<CatalogEntry> FirstPage(int limit)
    {
        var byKind = entries.GroupBy(e => e.Kind).OrderBy(g => g.Key).ToList();
        var perKind = Math.Max(1, limit / Math.Max(1, byKind.Count));
        return byKind
            .SelectMany(g => g.OrderByDescending(e => e.Available).ThenBy(e => e.Name, StringComparer.Ordinal).Take(perKind))
            .Take(limit)
            .ToList();
    }
}
