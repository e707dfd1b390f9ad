using System.Text.Json;

namespace WebOcperf.Perf.Record;

/// <summary>One node of the flame graph: a frame reached through one particular path from the root.</summary>
public sealed class FlameNode
{
    private Dictionary<int, FlameNode>? _children;

    internal FlameNode(string name, string? dso)
    {
        Name = name;
        Dso = dso;
    }

    public string Name { get; }

    /// <summary>Null for the root and the per-comm level.</summary>
    public string? Dso { get; }

    /// <summary>Weight of all samples through this node (inclusive).</summary>
    public long Value { get; internal set; }

    /// <summary>Weight of samples whose leaf is this node.</summary>
    public long Self { get; internal set; }

    /// <summary>Children ordered by name, as FlameGraph draws them.</summary>
    public IReadOnlyList<FlameNode> Children =>
        _children is null ? [] : [.. _children.Values.OrderBy(child => child.Name, StringComparer.Ordinal).ThenBy(child => child.Dso, StringComparer.Ordinal)];

    internal void AddChild(int key, FlameNode child) => (_children ??= []).Add(key, child);

    internal FlameNode Child(int frameId, RecordProfile profile)
    {
        _children ??= [];
        if (!_children.TryGetValue(frameId, out var child))
        {
            child = new FlameNode(profile.FrameSymbol(frameId), profile.FrameDso(frameId));
            _children.Add(frameId, child);
        }
        return child;
    }

    /// <summary>Removes children lighter than <paramref name="minWeight"/>, recursively.</summary>
    /// <returns>The number of nodes removed, including descendants of removed nodes.</returns>
    internal int Trim(long minWeight, ref long trimmedWeight)
    {
        if (_children is null)
        {
            return 0;
        }
        var removedNodes = 0;
        foreach (var (key, child) in _children.ToList())
        {
            if (child.Value < minWeight)
            {
                _children.Remove(key);
                trimmedWeight += child.Value;
                removedNodes += child.NodeCount();
            }
            else
            {
                removedNodes += child.Trim(minWeight, ref trimmedWeight);
            }
        }
        return removedNodes;
    }

    internal int NodeCount() => 1 + (_children?.Values.Sum(child => child.NodeCount()) ?? 0);

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        if (Dso is not null)
        {
            writer.WriteString("dso", Dso);
        }
        writer.WriteNumber("value", Value);
        writer.WriteNumber("self", Self);
        if (_children is { Count: > 0 })
        {
            writer.WriteStartArray("children");
            foreach (var child in Children)
            {
                child.WriteJson(writer);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}

/// <summary>A flame graph tree after server-side trimming, and how much trimming removed.</summary>
public sealed class FlameGraph
{
    private FlameGraph(FlameNode root, long total, double minShare, int trimmedNodes, long trimmedWeight)
    {
        Root = root;
        Total = total;
        MinShare = minShare;
        TrimmedNodes = trimmedNodes;
        TrimmedWeight = trimmedWeight;
    }

    public FlameNode Root { get; }

    public long Total { get; }

    /// <summary>Nodes lighter than this share of <see cref="Total"/> were removed.</summary>
    public double MinShare { get; }

    /// <summary>How many nodes were removed (a removed subtree counts all its nodes).</summary>
    public int TrimmedNodes { get; }

    /// <summary>Weight of the removed subtrees: it still counts in their parents' values, shown as a gap.</summary>
    public long TrimmedWeight { get; }

    public double TrimmedShare => Total == 0 ? 0 : (double)TrimmedWeight / Total;

    internal static FlameGraph Trim(FlameNode root, long total, double minShare)
    {
        var minWeight = (long)Math.Ceiling(Math.Max(0, minShare) * total);
        long trimmedWeight = 0;
        var trimmedNodes = minWeight <= 1 ? 0 : root.Trim(minWeight, ref trimmedWeight);
        return new FlameGraph(root, total, minShare, trimmedNodes, trimmedWeight);
    }

    /// <summary>
    /// JSON for the page: <c>{"total","minShare","trimmedNodes","trimmedWeight","trimmedShare","root":{"name",
    /// "dso"?,"value","self","children"?}}</c>. The nodes use d3-flame-graph's name/value/children shape.
    /// </summary>
    public void WriteJson(Stream output)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteNumber("total", Total);
        writer.WriteNumber("minShare", MinShare);
        writer.WriteNumber("trimmedNodes", TrimmedNodes);
        writer.WriteNumber("trimmedWeight", TrimmedWeight);
        writer.WriteNumber("trimmedShare", TrimmedShare);
        writer.WritePropertyName("root");
        Root.WriteJson(writer);
        writer.WriteEndObject();
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteJson(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
