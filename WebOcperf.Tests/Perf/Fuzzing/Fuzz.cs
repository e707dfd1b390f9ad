using System.Diagnostics;
using System.Text;

namespace WebOcperf.Tests.Perf.Fuzzing;

/// <summary>
/// Deterministic input generators for the parser fuzz tests. Every generator takes a seeded <see cref="Random"/>, so a
/// failing seed reproduces exactly; the seed is part of every assertion message.
/// </summary>
internal static class Fuzz
{
    /// <summary>The seeds the <c>[Theory]</c> tests run over; few enough to keep the suite fast, varied enough to matter.</summary>
    public static TheoryData<int> Seeds => [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233];

    /// <summary>
    /// Tokens the parsers give meaning to (separators, markers, keywords of perf stat and perf list, odd numbers),
    /// weighted into random text so that it reaches their branches instead of being rejected at the first character.
    /// </summary>
    private static readonly string[] Tokens =
    [
        ",", ",", ",", "/", "/", "{", "}", "[", "]", "\"", "'", ":", ":", "%", "#", " ", " ", "   ", "\t", "\n", "\n", "\r\n",
        "\r", "\0", "\u00ff", "\ufffd", "\u2028", "=", ".", "-", "*", "?", "!", "_", "0x", "<not counted>", "<not supported>",
        "summary", "msec", "task-clock", "cycles", "cpu/event=0x3c,umask=0x1/", "NaN", "Infinity", "-Infinity", "-0", "1e308",
        "-1e308", "4.9e-324", "99999999999999999999999999", "18446744073709551616", "0.100258131", "100.00", " OR ", "Unit: ",
        "Metric Groups:", "[Hardware event]", "[Kernel PMU event]", "[Tracepoint event]", "List of pre-defined events", "cache:",
        "inst_retired.any", "l1d.replacement", ":c99999999999999999999999", ":u0xfffffffffffffffffffff", ":pp", ":request=",
        ":response=", "_ps", "offcore", "mem:", "r1a8", "\"EventName\"", "\"EventCode\"", "\"UMask\"", "\"0x", "GenuineIntel-6-",
    ];

    /// <summary>Random text built from parser tokens, single characters and (rarely) long runs of one character.</summary>
    public static string TokenText(Random random, int length)
    {
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            var pick = random.Next(100);
            if (pick < 60)
            {
                text.Append(Tokens[random.Next(Tokens.Length)]);
            }
            else if (pick < 95)
            {
                text.Append((char)random.Next(0x20, 0x7f));
            }
            else
            {
                text.Append(Tokens[random.Next(Tokens.Length)][0], random.Next(1, 200));
            }
        }
        return text.ToString(0, length);
    }

    /// <summary>Random bytes decoded the lenient way files are read (invalid UTF-8 becomes U+FFFD), NULs included.</summary>
    public static string DecodedBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        // newlines often enough that the line-oriented parsers see many short lines as well as long ones
        for (var i = 0; i < bytes.Length; i += random.Next(1, 120))
        {
            bytes[i] = (byte)'\n';
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Either kind of random text, so each seed covers both.</summary>
    public static string AnyText(Random random, int length) =>
        random.Next(2) == 0 ? TokenText(random, length) : DecodedBytes(random, length);

    /// <summary>Prefixes of <paramref name="text"/>: at every offset for small texts, at about <paramref name="maxCount"/> offsets for big ones.</summary>
    public static IEnumerable<string> Truncations(string text, int maxCount)
    {
        var step = Math.Max(1, text.Length / maxCount);
        for (var length = 0; length < text.Length; length += step)
        {
            yield return text[..length];
        }
    }

    /// <summary>Numbers that have broken parsers and arithmetic before: non-finite, extreme, negative zero, too long for a long.</summary>
    public static readonly string[] OddNumbers =
    [
        "NaN", "nan", "Infinity", "-Infinity", "∞", "1e308", "-1e308", "1e309", "4.9e-324", "-0", "0", "-1",
        "99999999999999999999999999", "9223372036854775808", "-9223372036854775809", "0x10", "1,5", "", " ", "1.2.3", "+",
    ];

    private static readonly string[] Markers = ["<not counted>", "<not supported>", "summary", "#", "%", "/", "{", "[", "\"", "\0"];

    /// <summary>
    /// Mutates one line split at <paramref name="separator"/>: swaps, duplicates or deletes fields, replaces one with an odd
    /// number or a marker, or breaks its syntax with an unbalanced <c>/</c>, bracket or quote.
    /// </summary>
    public static string MutateLine(Random random, string line, char separator)
    {
        var fields = line.Split(separator).ToList();
        var at = random.Next(fields.Count);
        switch (random.Next(9))
        {
            case 0 when fields.Count > 1:
                var other = random.Next(fields.Count);
                (fields[at], fields[other]) = (fields[other], fields[at]);
                break;
            case 1:
                fields.Insert(at, fields[at]);
                break;
            case 2 when fields.Count > 1:
                fields.RemoveAt(at);
                break;
            case 3:
            case 4:
                fields[at] = OddNumbers[random.Next(OddNumbers.Length)];
                break;
            case 5:
                fields[at] = Markers[random.Next(Markers.Length)];
                break;
            case 6:
                var position = random.Next(fields[at].Length + 1);
                fields[at] = fields[at].Insert(position, Markers[random.Next(Markers.Length)]);
                break;
            case 7:
                fields.Insert(at, new string(separator, random.Next(1, 50)));
                break;
            default:
                fields[at] = TokenText(random, random.Next(0, 40));
                break;
        }
        return string.Join(separator, fields);
    }

    /// <summary>Mutates a few lines of a whole text, sometimes also duplicating, dropping or reordering lines.</summary>
    public static string MutateLines(Random random, string text, char separator)
    {
        var lines = text.Split('\n').ToList();
        var mutations = random.Next(1, 4);
        for (var i = 0; i < mutations && lines.Count > 0; i++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(6))
            {
                case 0:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 1 when lines.Count > 1:
                    lines.RemoveAt(at);
                    break;
                case 2:
                    var other = random.Next(lines.Count);
                    (lines[at], lines[other]) = (lines[other], lines[at]);
                    break;
                default:
                    lines[at] = MutateLine(random, lines[at], separator);
                    break;
            }
        }
        return string.Join('\n', lines);
    }

    /// <summary>
    /// Runs <paramref name="action"/> and fails if it takes longer than <paramref name="limit"/>. The work runs on the
    /// thread pool so that a super-linear path fails the test at the limit instead of hanging the run for minutes.
    /// </summary>
    public static async Task<T> WithinAsync<T>(TimeSpan limit, string what, Func<T> action)
    {
        var stopwatch = Stopwatch.StartNew();
        var work = Task.Run(action);
        if (await Task.WhenAny(work, Task.Delay(limit)) != work)
        {
            Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0.#} s: a super-linear path?");
        }
        var result = await work;
        Assert.True(stopwatch.Elapsed < limit, $"{what} took {stopwatch.Elapsed.TotalSeconds:0.00} s");
        return result;
    }

    public static Task WithinAsync(TimeSpan limit, string what, Action action) =>
        WithinAsync(limit, what, () =>
        {
            action();
            return true;
        });

    /// <summary>
    /// Generous per-input bound for megabyte inputs: linear parsing takes tens of milliseconds, a quadratic path on a
    /// megabyte takes minutes, and the margin absorbs a loaded two-core CI machine running test classes in parallel.
    /// </summary>
    public static readonly TimeSpan MegabyteLimit = TimeSpan.FromSeconds(20);

    public const int Megabyte = 1 << 20;
}
