namespace WebOcperf.Perf;

/// <summary>One problem in the environment-variable text, reported to the user instead of being dropped.</summary>
public sealed record EnvironmentLineError(int LineNumber, string Line, string Message)
{
    public override string ToString() => $"line {LineNumber}: {Message}";
}

/// <summary>Environment variables for a workload, written as one <c>KEY=VALUE</c> per line.</summary>
public static class WorkloadEnvironment
{
    /// <summary>
    /// Parses the text. Blank lines and lines starting with <c>#</c> are skipped; every other line must be
    /// <c>NAME=value</c> with a POSIX name (letters, digits, underscore, not starting with a digit). The value is
    /// everything after the first <c>=</c>, kept verbatim.
    /// </summary>
    public static (List<KeyValuePair<string, string>> Variables, List<EnvironmentLineError> Errors) Parse(string? text)
    {
        var variables = new List<KeyValuePair<string, string>>();
        var errors = new List<EnvironmentLineError>();
        if (string.IsNullOrEmpty(text))
        {
            return (variables, errors);
        }

        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var equals = line.IndexOf('=');
            if (equals < 0)
            {
                errors.Add(new(lineNumber, line, $"'{TextPreview.Shorten(line)}' has no '=' (write NAME=value)"));
                continue;
            }
            var name = line[..equals].Trim();
            var value = line[(equals + 1)..];
            var problem = ValidateName(name) ?? ValidateValue(value);
            if (problem is not null)
            {
                errors.Add(new(lineNumber, line, problem));
                continue;
            }
            if (variables.Any(v => v.Key == name))
            {
                errors.Add(new(lineNumber, line, $"{name} is set twice"));
                continue;
            }
            variables.Add(new(name, value));
        }
        return (variables, errors);
    }

    /// <summary>Validates a name given as a JSON key; returns the problem, or null when it is fine.</summary>
    public static string? ValidateName(string name)
    {
        if (name.Length == 0)
        {
            return "the variable name is empty";
        }
        if (name.Contains('\0'))
        {
            return "the variable name contains a NUL byte";
        }
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return $"'{TextPreview.Shorten(name)}' is not a valid variable name (letters, digits and _, not starting with a digit)";
        }
        return null;
    }

    /// <summary>Validates a value; returns the problem, or null when it is fine.</summary>
    public static string? ValidateValue(string value) =>
        value.Contains('\0') ? "the value contains a NUL byte, which no environment can hold" : null;

    /// <summary>Writes variables back in the form <see cref="Parse"/> reads.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> variables) =>
        string.Join('\n', variables.Select(v => $"{v.Key}={v.Value}"));
}
