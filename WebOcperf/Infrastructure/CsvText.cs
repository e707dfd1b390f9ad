using System.Globalization;

namespace WebOcperf.Infrastructure;

/// <summary>
/// A field of the CSV downloads. Quoted when it holds a comma, quote or line break (RFC 4180); and a text that a
/// spreadsheet would run as a formula — starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return, as a symbol or a workload's command name may — gets a leading apostrophe, as OWASP advises against CSV
/// injection. Numbers (<c>-1.5</c>, <c>+3</c>) stay as they are: a spreadsheet reads them as numbers, nothing more.
/// </summary>
public static class CsvText
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private static readonly char[] NeedsQuotes = [',', '"', '\n', '\r'];

    public static string Field(string value)
    {
        if (value.Length > 0 && Array.IndexOf(FormulaStarts, value[0]) >= 0
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }
        return value.IndexOfAny(NeedsQuotes) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
