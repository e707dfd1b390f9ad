namespace WebOcperf.Tests.Infrastructure;

/// <summary>Looks for live processes by their command line, the way the tests check that nothing was left running.</summary>
public static class Processes
{
    /// <summary>Live (not zombie) processes whose command line contains <paramref name="text"/>.</summary>
    public static List<int> Mentioning(string text) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Where(pid => pid != Environment.ProcessId.ToString() && ReadsAsLive(pid!, text))
            .Select(pid => int.Parse(pid!))
            .ToList();

    private static bool ReadsAsLive(string pid, string text)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(text)
                && File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
