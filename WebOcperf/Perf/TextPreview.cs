namespace WebOcperf.Perf;

/// <summary>Quotes user text in messages without letting a 10 KB value flood the page.</summary>
public static class TextPreview
{
    public const int MaxLength = 40;

    public static string Shorten(string text) => text.Length <= MaxLength ? text : text[..MaxLength] + "…";
}
