using System.Runtime.CompilerServices;

namespace WebOcperf.Perf.Record;

/// <summary>
/// Streaming parser of <c>perf script</c> text (see <see cref="PerfScriptCommand.Fields"/>; perf's default field set
/// with <c>sym+off</c> is read as well). It works on UTF-8 bytes in one reusable buffer: no line becomes a string,
/// frames and stacks are interned from their bytes, and only a new distinct frame, comm or event allocates.
/// Lines it cannot read are counted in <see cref="RecordProfile.SkippedLines"/> and otherwise ignored; it never
/// throws on input.
/// </summary>
/// <remarks>
/// The per-line methods here and in the interner, builder and sample log are marked AggressiveOptimization: a process
/// ingests a recording once, so tiered compilation would run most of a recording through unoptimized tier-0 code
/// (measured on a 200k-sample file: 49 MiB/s on a first pass without the attribute, 240 MiB/s once warm).
/// </remarks>
public sealed class PerfScriptParser
{
    private const int InitialBufferSize = 1 << 20;
    // A line longer than this is not perf script output; it is skipped rather than buffered without bound.
    private const int MaxLineLength = 16 << 20;
    // A pipe read below this means the reader has caught up with perf script: wait for more before reading again.
    private const int SmallReadBytes = 64 * 1024;
    // Caps the line cache near 25 MB; real recordings stay far below (thousands to tens of thousands of addresses).
    private const int MaxCachedFrameLines = 1 << 18;

    private readonly RecordProfileBuilder _builder;
    private int[] _frames = new int[256];
    private int _frameCount;
    private bool _sampleOpen;
    private long _sampleTimeNs;
    private int _sampleEvent;
    private int _sampleComm;
    private int _samplePid;
    private int _sampleTid;
    private long _samplePeriod;
    private byte[] _keyScratch = new byte[512];
    private readonly ByteKeyInterner _frameLines = new();
    private int[] _frameOfLine = new int[1024];

    private PerfScriptParser(RecordProfileBuilder builder) => _builder = builder;

    /// <summary>Lines that were neither a sample header, a frame nor a blank separator.</summary>
    private long SkippedLines { get; set; }

    /// <summary>
    /// Reads <paramref name="perfScriptOutput"/> to its end (typically perf script's stdout) and returns the
    /// aggregated profile. The per-sample log is written to <paramref name="sampleLogPath"/>, which the profile keeps
    /// referring to for time-range queries.
    /// </summary>
    /// <remarks>
    /// The read loop runs on its own thread with blocking reads: a pipe read through ReadAsync costs a thread-pool
    /// round trip per 4 KiB block perf script writes, which made ingestion measurably slower than perf script alone.
    /// If the stream is a pipe, its buffer is enlarged to 1 MiB and small reads are followed by a 1 ms pause so data
    /// arrives in large chunks; the pause never stalls perf script, which writes far less than 1 MiB per ms.
    /// Cancellation is checked between reads; a read blocked on a silent pipe ends when the writer exits or is killed.
    /// </remarks>
    public static Task<RecordProfile> ParseAsync(Stream perfScriptOutput, string sampleLogPath,
        CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => ParseCore(perfScriptOutput, sampleLogPath, cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The synchronous form of <see cref="ParseAsync"/>, for files, benchmarks and callers with a thread.</summary>
    public static RecordProfile Parse(Stream perfScriptOutput, string sampleLogPath) =>
        ParseCore(perfScriptOutput, sampleLogPath, CancellationToken.None);

    private static RecordProfile ParseCore(Stream perfScriptOutput, string sampleLogPath, CancellationToken cancellationToken)
    {
        var batchSmallReads = PipeCapacity.TryEnlarge(perfScriptOutput, PipeCapacity.Preferred);
        using var sampleLog = new FileStream(sampleLogPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
        var builder = new RecordProfileBuilder(sampleLog);
        var parser = new PerfScriptParser(builder);
        var buffer = new byte[InitialBufferSize];
        var filled = 0;
        var discardingLongLine = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = perfScriptOutput.Read(buffer, filled, buffer.Length - filled);
            if (!parser.Consume(ref buffer, ref filled, read, ref discardingLongLine))
            {
                break;
            }
            if (batchSmallReads && read < SmallReadBytes)
            {
                Thread.Sleep(1);
            }
        }
        return builder.Build(parser.SkippedLines, sampleLogPath);
    }

    /// <summary>Handles one read of <paramref name="read"/> bytes after the <paramref name="filled"/> kept ones.</summary>
    /// <returns>False at the end of the input, after the last partial line and open sample are flushed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Consume(ref byte[] buffer, ref int filled, int read, ref bool discardingLongLine)
    {
        if (read == 0)
        {
            if (filled > 0 && !discardingLongLine)
            {
                ProcessLine(buffer.AsSpan(0, filled));
            }
            filled = 0;
            FinishSample();
            return false;
        }

        var data = buffer.AsSpan(0, filled + read);
        var consumed = 0;
        if (discardingLongLine)
        {
            var end = data.IndexOf((byte)'\n');
            if (end < 0)
            {
                filled = 0;
                return true;
            }
            discardingLongLine = false;
            consumed = end + 1;
        }
        consumed += ProcessLines(data[consumed..]);
        var remaining = data.Length - consumed;
        if (remaining == buffer.Length)
        {
            if (buffer.Length >= MaxLineLength)
            {
                SkippedLines++;
                discardingLongLine = true;
                remaining = 0;
            }
            else
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
        else if (remaining > 0)
        {
            data[consumed..].CopyTo(buffer);
        }
        filled = remaining;
        return true;
    }

    /// <returns>How many bytes were consumed: every complete line.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ProcessLines(ReadOnlySpan<byte> data)
    {
        var consumed = 0;
        while (true)
        {
            var newline = data[consumed..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return consumed;
            }
            ProcessLine(data.Slice(consumed, newline));
            consumed += newline + 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProcessLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            FinishSample();
            return;
        }
        if (line[0] == (byte)'\t')
        {
            var frameId = _sampleOpen ? FrameOfLine(line) : -1;
            if (frameId >= 0)
            {
                AppendFrame(frameId);
            }
            else
            {
                SkippedLines++;
            }
            return;
        }
        ProcessHeader(line);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProcessHeader(ReadOnlySpan<byte> line)
    {
        FinishSample();
        if (!TryParseHeader(line, out var comm, out var pid, out var tid, out var timeNs, out var period, out var eventName,
                out var rest))
        {
            SkippedLines++;
            return;
        }
        _sampleOpen = true;
        _sampleTimeNs = timeNs;
        _sampleEvent = _builder.InternEvent(eventName);
        _sampleComm = _builder.InternComm(comm);
        _samplePid = pid;
        _sampleTid = tid;
        _samplePeriod = period;
        _frameCount = 0;
        if (!rest.IsEmpty)
        {
            // The one-line form: the sampled frame follows the event name, and there is no blank line after it.
            if (TryInternFrame(rest, out var frameId))
            {
                AppendFrame(frameId);
            }
            FinishSample();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FinishSample()
    {
        if (!_sampleOpen)
        {
            return;
        }
        _sampleOpen = false;
        _builder.AddSample(_sampleTimeNs, _sampleEvent, _sampleComm, _samplePid, _sampleTid, _samplePeriod,
            _frames.AsSpan(0, _frameCount));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AppendFrame(int frameId)
    {
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }
        _frames[_frameCount++] = frameId;
    }

    /// <summary>
    /// The frame id of a whole frame line, or -1 if it is not one. The same instruction address is sampled again and
    /// again, so a line seen before is found by one hash lookup of its bytes instead of being taken apart; only a new
    /// line goes through <see cref="TryInternFrame"/>. Distinct lines are bounded by the sampled code, and past
    /// <see cref="MaxCachedFrameLines"/> new lines are parsed every time instead of cached.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FrameOfLine(ReadOnlySpan<byte> line)
    {
        if (_frameLines.Count >= MaxCachedFrameLines)
        {
            return _frameLines.TryFind(line, out var known) ? _frameOfLine[known] : TryInternFrame(line[1..], out var id) ? id : -1;
        }
        var lineId = _frameLines.Intern(line, out var added);
        if (added)
        {
            if (lineId == _frameOfLine.Length)
            {
                Array.Resize(ref _frameOfLine, lineId * 2);
            }
            _frameOfLine[lineId] = TryInternFrame(line[1..], out var frameId) ? frameId : -1;
        }
        return _frameOfLine[lineId];
    }

    /// <summary>Reads <c>[spaces] hexip sym[+0xoff] (dso)</c>; the dso is the last balanced parenthesis group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryInternFrame(ReadOnlySpan<byte> text, out int frameId)
    {
        frameId = -1;
        var start = text.IndexOfAnyExcept((byte)' ');
        if (start < 0)
        {
            return false;
        }
        text = text[start..];
        var afterIp = text.IndexOfAnyExcept(HexDigits);
        if (afterIp <= 0 || text[afterIp] != (byte)' ')
        {
            return false;
        }
        var symbolAndDso = text[(afterIp + 1)..];
        if (symbolAndDso.IsEmpty)
        {
            return false;
        }

        var dsoOpen = FindDsoOpen(symbolAndDso);
        if (dsoOpen < 0)
        {
            // perf always prints "(dso)", "([unknown])" at worst: a frame without it was cut off mid-line.
            return false;
        }
        var symbol = symbolAndDso[..Math.Max(0, dsoOpen - 1)];
        var dso = symbolAndDso[(dsoOpen + 1)..^1];

        var offset = SymbolOffsetStart(symbol);
        if (offset < 0)
        {
            frameId = _builder.InternFrame(symbolAndDso, symbol, dso);
            return true;
        }

        // Default perf script prints sym+0xoff: the key drops the offset so one function is one frame.
        symbol = symbol[..offset];
        var keyLength = symbol.Length + 1 + (symbolAndDso.Length - dsoOpen);
        if (_keyScratch.Length < keyLength)
        {
            _keyScratch = new byte[keyLength * 2];
        }
        symbol.CopyTo(_keyScratch);
        _keyScratch[symbol.Length] = (byte)' ';
        symbolAndDso[dsoOpen..].CopyTo(_keyScratch.AsSpan(symbol.Length + 1));
        frameId = _builder.InternFrame(_keyScratch.AsSpan(0, keyLength), symbol, dso);
        return true;
    }

    /// <summary>Index of the <c>(</c> that opens the trailing <c>(dso)</c> group, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FindDsoOpen(ReadOnlySpan<byte> symbolAndDso)
    {
        if (symbolAndDso[^1] != (byte)')')
        {
            return -1;
        }
        var open = symbolAndDso.LastIndexOf((byte)'(');
        if (open < 0)
        {
            return -1;
        }
        if (symbolAndDso[(open + 1)..^1].IndexOf((byte)')') < 0)
        {
            return IsDsoOpenAt(symbolAndDso, open) ? open : -1;
        }
        // Nested parentheses in the dso, e.g. "(/memfd:doublemapper (deleted))": match from the end.
        var depth = 0;
        for (var i = symbolAndDso.Length - 1; i >= 0; i--)
        {
            if (symbolAndDso[i] == (byte)')')
            {
                depth++;
            }
            else if (symbolAndDso[i] == (byte)'(' && --depth == 0)
            {
                return IsDsoOpenAt(symbolAndDso, i) ? i : -1;
            }
        }
        return -1;
    }

    private static bool IsDsoOpenAt(ReadOnlySpan<byte> symbolAndDso, int open) =>
        open == 0 || symbolAndDso[open - 1] == (byte)' ';

    /// <summary>Index of a trailing <c>+0x[hex]</c>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SymbolOffsetStart(ReadOnlySpan<byte> symbol)
    {
        var plus = symbol.LastIndexOf((byte)'+');
        if (plus <= 0 || symbol.Length - plus < 4 || symbol[plus + 1] != (byte)'0' || symbol[plus + 2] != (byte)'x')
        {
            return -1;
        }
        return symbol[(plus + 3)..].IndexOfAnyExcept(HexDigits) < 0 ? plus : -1;
    }

    private static readonly System.Buffers.SearchValues<byte> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF"u8);

    /// <summary>
    /// Reads <c>comm pid/tid [cpu] time: [period] event: [rest]</c>. comm may contain spaces, so the comm ends just
    /// before the first token from which the rest of this grammar matches.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParseHeader(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> comm, out int pid, out int tid,
        out long timeNs, out long period, out ReadOnlySpan<byte> eventName, out ReadOnlySpan<byte> rest)
    {
        comm = default;
        var commStart = line.IndexOfAnyExcept((byte)' ');
        if (commStart >= 0)
        {
            var search = commStart + 1;
            while (search < line.Length)
            {
                var space = line[search..].IndexOf((byte)' ');
                if (space < 0)
                {
                    break;
                }
                var candidate = search + space + 1;
                while (candidate < line.Length && line[candidate] == (byte)' ')
                {
                    candidate++;
                }
                if (candidate < line.Length && IsDigit(line[candidate]) &&
                    TryParseAfterComm(line[candidate..], out pid, out tid, out timeNs, out period, out eventName, out rest))
                {
                    comm = line[commStart..candidate].TrimEnd((byte)' ');
                    return true;
                }
                search = candidate;
            }
        }
        pid = tid = 0;
        timeNs = period = 0;
        eventName = rest = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseAfterComm(ReadOnlySpan<byte> text, out int pid, out int tid, out long timeNs,
        out long period, out ReadOnlySpan<byte> eventName, out ReadOnlySpan<byte> rest)
    {
        tid = 0;
        timeNs = 0;
        period = 1;
        eventName = rest = default;
        var position = 0;
        if (!TryReadNumber(text, ref position, out var first) || first > int.MaxValue)
        {
            pid = 0;
            return false;
        }
        pid = (int)first;
        if (position < text.Length && text[position] == (byte)'/')
        {
            position++;
            if (!TryReadNumber(text, ref position, out var second) || second > int.MaxValue)
            {
                return false;
            }
            tid = (int)second;
        }
        else
        {
            // perf's default fields show only the tid; without a pid the thread stands for its process.
            tid = pid;
        }
        if (!SkipSpaces(text, ref position))
        {
            return false;
        }
        if (text[position] == (byte)'[')
        {
            // A "[cpu]" column, present in the default fields of system-wide recordings.
            var close = text[position..].IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }
            position += close + 1;
            if (!SkipSpaces(text, ref position))
            {
                return false;
            }
        }

        if (!TryReadTime(text, ref position, out timeNs) || position >= text.Length || text[position] != (byte)':')
        {
            return false;
        }
        position++;
        if (!SkipSpaces(text, ref position))
        {
            return false;
        }

        var periodStart = position;
        if (TryReadNumber(text, ref position, out var parsedPeriod) && position < text.Length && text[position] == (byte)' ')
        {
            period = parsedPeriod;
            if (!SkipSpaces(text, ref position))
            {
                return false;
            }
        }
        else
        {
            position = periodStart;
        }

        // The event token ends at the next space (or line end) and carries a trailing ':'; modifiers such as
        // "cpu-clock:ppp" keep their own colons.
        var tokenLength = text[position..].IndexOf((byte)' ');
        var token = tokenLength < 0 ? text[position..] : text.Slice(position, tokenLength);
        if (token.Length < 2 || token[^1] != (byte)':')
        {
            return false;
        }
        eventName = token[..^1];
        rest = tokenLength < 0 ? default : text[(position + tokenLength)..].TrimStart((byte)' ');
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool SkipSpaces(ReadOnlySpan<byte> text, ref int position)
    {
        if (position >= text.Length || text[position] != (byte)' ')
        {
            return false;
        }
        var next = text[position..].IndexOfAnyExcept((byte)' ');
        if (next < 0)
        {
            return false;
        }
        position += next;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadNumber(ReadOnlySpan<byte> text, ref int position, out long value)
    {
        value = 0;
        var start = position;
        while (position < text.Length && IsDigit(text[position]) && position - start < 18)
        {
            value = value * 10 + (text[position] - '0');
            position++;
        }
        return position > start && (position >= text.Length || !IsDigit(text[position]));
    }

    /// <summary>Reads <c>seconds.fraction</c> (6 digits by default, 9 with --ns) as nanoseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadTime(ReadOnlySpan<byte> text, ref int position, out long timeNs)
    {
        timeNs = 0;
        if (!TryReadNumber(text, ref position, out var seconds) || position >= text.Length || text[position] != (byte)'.')
        {
            return false;
        }
        position++;
        var fractionStart = position;
        long fraction = 0;
        while (position < text.Length && IsDigit(text[position]))
        {
            if (position - fractionStart < 9)
            {
                fraction = fraction * 10 + (text[position] - '0');
            }
            position++;
        }
        var digits = position - fractionStart;
        if (digits == 0)
        {
            return false;
        }
        for (var i = digits; i < 9; i++)
        {
            fraction *= 10;
        }
        timeNs = seconds * 1_000_000_000 + fraction;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
