using System.Net;

namespace WebOcperf.Security;

/// <summary>
/// The client addresses allowed to use the server (WebOcperf:AllowedClients): single IPs or CIDR ranges.
/// IPv4 clients that arrive as IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are matched as IPv4.
/// </summary>
public sealed class ClientAllowlist
{
    private readonly List<IPNetwork> networks = [];

    public ClientAllowlist(IEnumerable<string> entries)
    {
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                address = Normalize(address);
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                throw new FormatException($"WebOcperf:AllowedClients has '{entry}', which is neither an IP address nor a CIDR range");
            }
        }
    }

    /// <summary>
    /// Whether the client may connect. A connection without an address is not a network client (an in-process test
    /// host or a Unix socket), so it is local by construction.
    /// </summary>
    public bool Allows(IPAddress? client)
    {
        if (client is null)
        {
            return true;
        }
        var normalized = Normalize(client);
        return networks.Any(network => network.Contains(normalized));
    }

    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
