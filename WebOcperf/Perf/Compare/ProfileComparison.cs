using WebOcperf.Perf.Record;

namespace WebOcperf.Perf.Compare;

/// <summary>Whether a function (command, binary) was sampled in both recordings or in one only.</summary>
public enum PresenceStatus
{
    Both,
    /// <summary>Sampled in the other recording only.</summary>
    New,
    /// <summary>Sampled in the base only.</summary>
    Vanished,
}

/// <summary>One side's samples of a function (or command, binary) and their shares of all samples of that side.</summary>
/// <param name="Self">Samples in which it is the sampled frame; for a command or a binary, its samples.</param>
/// <param name="Total">Samples in which it is anywhere in the stack; the same as <paramref name="Self"/> for a command.</param>
public sealed record ShareCell(long Self, long Total, double SelfShare, double TotalShare)
{
    public static ShareCell None { get; } = new(0, 0, 0, 0);
}

/// <summary>The other side of a row and its change in percentage points of share (as fractions: 0.05 = 5 points).</summary>
public sealed record ShareDelta(ShareCell Cell, double DeltaSelfShare, double DeltaTotalShare, PresenceStatus Status);

/// <summary>A function matched by symbol and binary file name, or a command, or a binary (then <paramref name="Dso"/> is null).</summary>
public sealed record ShareRow(string Name, string? Dso, ShareCell Base, IReadOnlyList<ShareDelta> Runs)
{
    /// <summary>The largest |Δ self share| over the other runs: the table's order.</summary>
    public double LargestAbsoluteDeltaSelf => Runs.Count == 0 ? 0 : Runs.Max(run => Math.Abs(run.DeltaSelfShare));
}

/// <summary>
/// Recordings compared with a base, as perf diff does: functions matched by symbol and the file name of their binary
/// (directories, addresses and offsets ignored, as they move between builds and machines), with self and total
/// shares of each side's samples; the same per command and per binary. Shares normalise each recording to its own
/// sample count, so a longer recording of the same code shows no change.
/// </summary>
public sealed record ProfileComparison(IReadOnlyList<ShareRow> Functions, IReadOnlyList<ShareRow> Comms, IReadOnlyList<ShareRow> Dsos)
{
    public static ProfileComparison Compare(RecordSelection baseSelection, IReadOnlyList<RecordSelection> others)
    {
        var sides = others.Prepend(baseSelection).ToList();
        var functions = Match(sides, selection => selection.TopFunctions(SampleWeight.Samples, int.MaxValue)
            .Select(f => (Key: (f.Symbol, (string?)BinaryFileName(f.Dso)), f.Self, f.Total)), selection => selection.Samples);
        var comms = Match(sides, selection => selection.ByComm()
            .Select(c => (Key: (c.Name, (string?)null), c.Weight, c.Weight)), selection => selection.Samples);
        var dsos = Match(sides, selection => selection.ByDso()
            .Select(d => (Key: (BinaryFileName(d.Name), (string?)null), d.Weight, d.Weight)), selection => selection.Samples);
        return new ProfileComparison(functions, comms, dsos);
    }

    /// <summary><c>/usr/lib/x86_64-linux-gnu/libc.so.6</c> → <c>libc.so.6</c>; <c>[kernel.kallsyms]</c> stays.</summary>
    public static string BinaryFileName(string dso) => dso.StartsWith('[') ? dso : dso[(dso.LastIndexOf('/') + 1)..];

    private static List<ShareRow> Match(List<RecordSelection> sides,
        Func<RecordSelection, IEnumerable<((string Name, string? Dso) Key, long Self, long Total)>> rowsOf,
        Func<RecordSelection, long> totalOf)
    {
        // Per side, key → (self, total); two binaries of one file name in different directories add up.
        var perSide = sides.Select(side =>
        {
            var cells = new Dictionary<(string, string?), (long Self, long Total)>();
            foreach (var (key, self, total) in rowsOf(side))
            {
                var known = cells.GetValueOrDefault(key);
                cells[key] = (known.Self + self, known.Total + total);
            }
            return cells;
        }).ToList();
        var keys = new List<(string Name, string? Dso)>();
        var seen = new HashSet<(string, string?)>();
        foreach (var cells in perSide)
        {
            foreach (var key in cells.Keys)
            {
                if (seen.Add(key))
                {
                    keys.Add(key);
                }
            }
        }

        ShareCell CellOf(int side, (string, string?) key)
        {
            if (!perSide[side].TryGetValue(key, out var weights))
            {
                return ShareCell.None;
            }
            var total = totalOf(sides[side]);
            return new ShareCell(weights.Self, weights.Total, Share(weights.Self, total), Share(weights.Total, total));
        }

        return keys.Select(key =>
            {
                var baseCell = CellOf(0, key);
                var inBase = perSide[0].ContainsKey(key);
                var runs = Enumerable.Range(1, sides.Count - 1).Select(side =>
                {
                    var cell = CellOf(side, key);
                    var inOther = perSide[side].ContainsKey(key);
                    var status = inBase && inOther ? PresenceStatus.Both : inOther ? PresenceStatus.New : PresenceStatus.Vanished;
                    return new ShareDelta(cell, cell.SelfShare - baseCell.SelfShare, cell.TotalShare - baseCell.TotalShare, status);
                }).ToList();
                return new ShareRow(key.Name, key.Dso, baseCell, runs);
            })
            .OrderByDescending(row => row.LargestAbsoluteDeltaSelf)
            .ThenByDescending(row => row.Base.Self)
            .ThenBy(row => row.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
