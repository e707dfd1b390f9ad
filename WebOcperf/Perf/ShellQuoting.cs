using System.Text;

namespace WebOcperf.Perf;

/// <summary>Renders an argument list as a POSIX shell line that a person can copy and paste to repeat the run.</summary>
public static class ShellQuoting
{
    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    public static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(IsSafe))
        {
            return argument;
        }
        var quoted = new StringBuilder("'");
        foreach (var c in argument)
        {
            quoted.Append(c == '\'' ? "'\\''" : c.ToString());
        }
        return quoted.Append('\'').ToString();
    }

    private static bool IsSafe(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ',' or ':' or '=' or '+' or '@' or '%';
}
