using WebOcperf.Infrastructure;

namespace WebOcperf.Tests.Infrastructure;

public sealed class CsvTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3+cmd", "'-2+3+cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTAB", "'\tTAB")]
    public void A_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(string text, string field) =>
        Assert.Equal(field, CsvText.Field(text));

    [Theory]
    [InlineData("-1.5")]
    [InlineData("+3")]
    [InlineData("-1E-05")]
    [InlineData("task-clock")]
    [InlineData("[unknown]")]
    [InlineData("")]
    public void Numbers_and_ordinary_names_stay_as_they_are(string text) =>
        Assert.Equal(text, CsvText.Field(text));

    [Fact]
    public void Commas_quotes_and_line_breaks_are_quoted() =>
        Assert.Equal("\"a,b \"\"c\"\"\nd\"", CsvText.Field("a,b \"c\"\nd"));
}
