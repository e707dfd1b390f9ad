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
    /// <summary>Everything but the rank, packed so that sorting matches is sorting longs: unavailable, name length, name order.</summary>
    private readonly long[] tieBreakers;
    private readonly int[] nameOrder;
    /// <summary>The entries of each kind present, in kind order, available first then by name: the empty query's page.</summary>
    private readonly CatalogEntry[][] byKind;

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
        nameOrder = Enumerable.Range(0, entries.Count).OrderBy(i => names[i], StringComparer.Ordinal).ToArray();
        tieBreakers = new long[entries.Count];
        for (var position = 0; position < nameOrder.Length; position++)
        {
            var i = nameOrder[position];
            tieBreakers[i] = ((entries[i].Available ? 0L : 1L) << 50) | ((long)Math.Min(names[i].Length, 0xfff) << 24) | (uint)position;
        }
        byKind = entries.GroupBy(e => e.Kind).OrderBy(g => g.Key)
            .Select(g => g.OrderByDescending(e => e.Available).ThenBy(e => e.Name, StringComparer.Ordinal).ToArray())
            .ToArray();
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
        // a repeated term adds nothing but a scan of every entry per repetition
        var terms = lowered.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        var keys = new List<long>();
        for (var i = 0; i < texts.Length; i++)
        {
            if (ContainsAll(texts[i], terms))
            {
                keys.Add(((long)RankOf(i, lowered, terms) << 52) | tieBreakers[i]);
            }
        }
        keys.Sort();
        // the low 24 bits are the position in name order, which leads back to the entry
        return keys.Take(limit).Select(k => entries[nameOrder[(int)(k & 0xffffff)]]).ToList();
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

    /// <summary>For an empty query: a few entries of every kind, in kind order, available ones first.</summary>
    private List<CatalogEntry> FirstPage(int limit)
    {
        var perKind = Math.Max(1, limit / Math.Max(1, byKind.Length));
        return byKind.SelectMany(group => group.Take(perKind)).Take(limit).ToList();
    }
}
