using System.Net;
using System.Net.Sockets;

namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// Which addresses a webhook may be delivered to outside Development: public unicast only. Refused are
/// loopback, unspecified, private (RFC 1918, carrier-grade NAT), link-local (which holds the cloud
/// metadata service 169.254.169.254), multicast and broadcast, documentation and benchmarking ranges,
/// IPv6 unique-local and site-local, and any IPv4 address written in an IPv6 form (mapped, compatible, NAT64, 6to4).
/// </summary>
public static class NetworkAddressPolicy
{
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublicV4(address.MapToIPv4());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return !(b[0] == 0                                   // "this network", 0.0.0.0
            || b[0] == 10                                    // private
            || b[0] == 127                                   // loopback
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)    // carrier-grade NAT
            || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)     // private
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
            || (b[0] == 192 && b[1] == 0 && b[2] == 2)       // documentation
            || (b[0] == 192 && b[1] == 168)                  // private
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19))   // benchmarking
            || (b[0] == 198 && b[1] == 51 && b[2] == 100)    // documentation
            || (b[0] == 203 && b[1] == 0 && b[2] == 113)     // documentation
            || b[0] >= 224);                                 // multicast, reserved, broadcast
    }

    private static bool IsPublicV6(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal || address.IsIPv6Teredo)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        var firstTwelveZero = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b;
        var sixToFour = b[0] == 0x20 && b[1] == 0x02;
        var documentation = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8;
        // IPv4-compatible (::a.b.c.d), NAT64 and 6to4 embed an IPv4 address a gateway may reach on the inside.
        return !(firstTwelveZero || nat64 || sixToFour || documentation);
    }
}
