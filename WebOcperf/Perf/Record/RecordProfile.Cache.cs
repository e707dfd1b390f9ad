using System.Text;

namespace WebOcperf.Perf.Record;

public sealed partial class RecordProfile
{
    private static ReadOnlySpan<byte> CacheMagic => "WOPRPROF"u8;

    /// <summary>
    /// Writes the profile (everything but the sample log, which is already on disk) as a compact binary file. The
    /// file is written beside and then renamed over <paramref name="path"/>, so a reader never sees half a cache.
    /// </summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(CacheMagic);
            writer.Write(FormatVersion);
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            writer.Write(Path.GetRelativePath(directory, Path.GetFullPath(SampleLogPath)));
            writer.Write(OriginNs);
            writer.Write(DurationNs);
            writer.Write(SampleCount);
            writer.Write(SkippedLines);
            WriteStrings(writer, _events);
            WriteStrings(writer, _comms);
            WriteStrings(writer, _dsos);
            WriteStrings(writer, _frameSymbols);
            WriteInts(writer, _frameDsos);
            WriteInts(writer, _stackOffsets);
            WriteInts(writer, _stackData);
            WriteLongs(writer, _stackSamples);
            WriteLongs(writer, _stackPeriods);
            writer.Write(_tasks.Length);
            foreach (var task in _tasks)
            {
                writer.Write(task.EventId);
                writer.Write(task.Pid);
                writer.Write(task.Tid);
                writer.Write(task.CommId);
            }
            WriteLongs(writer, _taskSamples);
            WriteLongs(writer, _taskPeriods);
            writer.Write(_histogramWidthNs);
            for (var eventId = 0; eventId < _events.Length; eventId++)
            {
                WriteLongs(writer, _histogramSamples[eventId]);
                WriteLongs(writer, _histogramPeriods[eventId]);
            }
            writer.Write(_sampleLogTimeOrdered);
            writer.Write(_sampleLogCheckpoints.Length);
            foreach (var checkpoint in _sampleLogCheckpoints)
            {
                writer.Write(checkpoint.TimeNs);
                writer.Write(checkpoint.ByteOffset);
                writer.Write(checkpoint.PreviousTimeNs);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a cache written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Not a profile cache, another <see cref="FormatVersion"/>, or damaged.</exception>
    public static RecordProfile Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (!reader.ReadBytes(CacheMagic.Length).AsSpan().SequenceEqual(CacheMagic))
            {
                throw new InvalidDataException($"{path} is not a WebOcperf record profile");
            }
            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"{path} has cache format {version}, expected {FormatVersion}");
            }
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var sampleLogPath = Path.GetFullPath(Path.Combine(directory, reader.ReadString()));
            var originNs = reader.ReadInt64();
            var durationNs = reader.ReadInt64();
            var sampleCount = reader.ReadInt64();
            var skippedLines = reader.ReadInt64();
            var events = ReadStrings(reader);
            var comms = ReadStrings(reader);
            var dsos = ReadStrings(reader);
            var frameSymbols = ReadStrings(reader);
            var frameDsos = ReadInts(reader);
            var stackOffsets = ReadInts(reader);
            var stackData = ReadInts(reader);
            var stackSamples = ReadLongs(reader);
            var stackPeriods = ReadLongs(reader);
            var tasks = new RecordTask[ReadCount(reader)];
            for (var i = 0; i < tasks.Length; i++)
            {
                tasks[i] = new RecordTask(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
            }
            var taskSamples = ReadLongs(reader);
            var taskPeriods = ReadLongs(reader);
            var histogramWidthNs = reader.ReadInt64();
            var histogramSamples = new long[events.Length][];
            var histogramPeriods = new long[events.Length][];
            for (var eventId = 0; eventId < events.Length; eventId++)
            {
                histogramSamples[eventId] = ReadLongs(reader);
                histogramPeriods[eventId] = ReadLongs(reader);
            }
            var sampleLogTimeOrdered = reader.ReadBoolean();
            var checkpoints = new SampleLogCheckpoint[ReadCount(reader)];
            for (var i = 0; i < checkpoints.Length; i++)
            {
                checkpoints[i] = new SampleLogCheckpoint(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
            }
            return new RecordProfile(events, comms, dsos, frameSymbols, frameDsos, stackOffsets, stackData,
                stackSamples, stackPeriods, tasks, taskSamples, taskPeriods, histogramWidthNs, histogramSamples,
                histogramPeriods, checkpoints, sampleLogTimeOrdered, originNs, durationNs, sampleCount, skippedLines,
                sampleLogPath);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException($"{path} is truncated", exception);
        }
    }

    /// <summary>
    /// Loads the cache if it exists, has the current <see cref="FormatVersion"/> and its sample log is present;
    /// otherwise null, and the caller runs perf script again.
    /// </summary>
    public static RecordProfile? TryLoad(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var profile = Load(path);
            return File.Exists(profile.SampleLogPath) ? profile : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static void WriteStrings(BinaryWriter writer, string[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static void WriteInts(BinaryWriter writer, int[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static void WriteLongs(BinaryWriter writer, long[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length)
        {
            throw new InvalidDataException($"implausible element count {count} in record profile");
        }
        return count;
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[ReadCount(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }
        return values;
    }

    private static int[] ReadInts(BinaryReader reader)
    {
        var values = new int[ReadCount(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt32();
        }
        return values;
    }

    private static long[] ReadLongs(BinaryReader reader)
    {
        var values = new long[ReadCount(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt64();
        }
        return values;
    }
}
