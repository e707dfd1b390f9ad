using Microsoft.Extensions.Options;

namespace WebOcperf.Infrastructure;

/// <summary>Refuses to start with a <c>WebOcperf:Hosts</c> list that has problems, naming each one.</summary>
public sealed class RemoteHostsValidation : IValidateOptions<WebOcperfOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOcperfOptions options)
    {
        var problems = RemoteHostOptions.ProblemsOf(options.Hosts);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
