using WebOcperf.Perf;

namespace WebOcperf.Tests.Perf;

public sealed class WorkloadEnvironmentTests
{
    [Fact]
    public void Lines_become_variables_in_order_with_values_kept_verbatim()
    {
        var (variables, errors) = WorkloadEnvironment.Parse("OMP_NUM_THREADS=4\r\nOPTS=--a=b  c \n\n# a comment\n_X=\n");

        Assert.Empty(errors);
        Assert.Equal([new("OMP_NUM_THREADS", "4"), new("OPTS", "--a=b  c "), new KeyValuePair<string, string>("_X", "")], variables);
    }

    [Theory]
    [InlineData("NOEQUALS", "has no '='")]
    [InlineData("MY VAR=1", "not a valid variable name")]
    [InlineData("1ABC=1", "not a valid variable name")]
    [InlineData("=value", "the variable name is empty")]
    [InlineData("A=1\nA=2", "A is set twice")]
    [InlineData("A=x\0y", "NUL")]
    public void Malformed_lines_are_reported_with_their_line_number(string text, string expected)
    {
        var (_, errors) = WorkloadEnvironment.Parse(text);

        var error = Assert.Single(errors);
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("line ", error.ToString());
    }

    [Fact]
    public void Format_writes_what_parse_reads()
    {
        List<KeyValuePair<string, string>> variables = [new("A", "1"), new("B", "x=y")];

        var (parsed, errors) = WorkloadEnvironment.Parse(WorkloadEnvironment.Format(variables));

        Assert.Empty(errors);
        Assert.Equal(variables, parsed);
    }
}
