namespace WebOcperf.Perf.Catalog;

/// <summary>Where an event comes from and how perf treats it. The order is the display order of the catalog.</summary>
public enum EventKind
{
    Hardware,
    HardwareCache,
    Software,
    Tool,
    KernelPmu,
    /// <summary>A JSON-described event listed by perf under a topic header (Intel and other vendors' tables built into perf).</summary>
    PmuEvent,
    IntelCore,
    IntelUncore,
    Tracepoint,
    SdtEvent,
    Metric,
    MetricGroup,
    Other,
}
