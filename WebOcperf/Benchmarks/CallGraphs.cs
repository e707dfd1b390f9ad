using WebOcperf.Perf.Record;

namespace WebOcperf.Benchmarks;

/// <summary>The call-graph modes by the names perf uses for them (<c>--call-graph fp|dwarf</c>).</summary>
public static class CallGraphs
{
    public static string Name(CallGraphMode mode) => mode switch
    {
        CallGraphMode.FramePointer => "fp",
        CallGraphMode.Dwarf => "dwarf",
        _ => "none",
    };

    /// <summary>Accepts none, fp and dwarf (any case); null or empty means none.</summary>
    public static bool TryParse(string? text, out CallGraphMode mode)
    {
        mode = CallGraphMode.None;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "none":
                return true;
            case "fp" or "framepointer":
                mode = CallGraphMode.FramePointer;
                return true;
            case "dwarf":
                mode = CallGraphMode.Dwarf;
                return true;
            default:
                return false;
        }
    }
}
