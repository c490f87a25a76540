using System.Net;
using System.Net.Sockets;

namespace Referrals.Api.Http;

/// <summary>
/// The visitor's address behind proxies. A host that sits behind a proxy of its own (the Functions host
/// forwards each request to its worker and appends the address it received it from to
/// <c>X-Forwarded-For</c>) sees the proxy as the connection's peer. The chain of addresses is
/// <c>X-Forwarded-For</c> (oldest first) followed by the peer; a client can only prepend to it, so the
/// visitor is the right-most address that is not infrastructure (loopback, private, link-local or
/// carrier-grade NAT ranges, where the platform's front ends and the host live). When every address is
/// infrastructure (a local run), the left-most one is the visitor.
/// </summary>
public static class ForwardedClient
{
    /// <summary>The header proxies append the address of their peer to.</summary>
    public const string Header = "X-Forwarded-For";

    /// <summary>The visitor's address for <paramref name="context"/>, or the peer's when no header names one.</summary>
    public static IPAddress? Resolve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var peer = context.Connection.RemoteIpAddress;
        var chain = new List<IPAddress>();
        foreach (var value in context.Request.Headers[Header])
        {
            foreach (var entry in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (TryParse(entry, out var address))
                {
                    chain.Add(address);
                }
            }
        }

        if (peer is not null)
        {
            chain.Add(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer);
        }

        for (var i = chain.Count - 1; i >= 0; i--)
        {
            if (!IsInfrastructure(chain[i]))
            {
                return chain[i];
            }
        }

        return chain.Count > 0 ? chain[0] : null;
    }

    /// <summary>Sets the connection's remote address to the visitor's, so every handler sees the visitor.</summary>
    public static void Apply(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Resolve(context) is { } visitor)
        {
            context.Connection.RemoteIpAddress = visitor;
        }
    }

    /// <summary>Whether <paramref name="address"/> belongs to a range a visitor never comes from directly.</summary>
    public static bool IsInfrastructure(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || (bytes[0] & 0xFE) == 0xFC; // fc00::/7 unique local
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    /// <summary>Parses <c>1.2.3.4</c>, <c>1.2.3.4:5678</c>, <c>2001:db8::1</c> and <c>[2001:db8::1]:5678</c>.</summary>
    private static bool TryParse(string entry, out IPAddress address)
    {
        if (IPEndPoint.TryParse(entry, out var endpoint))
        {
            address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
            return true;
        }

        address = IPAddress.None;
        return false;
    }
}
