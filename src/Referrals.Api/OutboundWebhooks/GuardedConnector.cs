using System.Net;
using System.Net.Sockets;
using Referrals.Core.OutboundWebhooks;

namespace Referrals.Api.OutboundWebhooks;

/// <summary>
/// The connect step of the webhook sender (<see cref="SocketsHttpHandler.ConnectCallback"/>): it resolves
/// the host itself, keeps only the addresses <see cref="Allows"/> admits, and connects to one of those,
/// so the address checked is the address connected (a name that resolves to a public address when the
/// endpoint is saved and to an internal one later, DNS rebinding, gets nowhere). A refused host throws
/// before any socket is opened.
/// </summary>
public sealed class GuardedConnector(bool allowPrivateNetworks)
{
    /// <summary>Whether a delivery may connect to <paramref name="address"/>.</summary>
    public bool Allows(IPAddress address) => allowPrivateNetworks || NetworkAddressPolicy.IsPublic(address);

    /// <summary>The addresses of <paramref name="host"/> a delivery may connect to, in resolver order.</summary>
    public async Task<IReadOnlyList<IPAddress>> AllowedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(Allows).ToList();
        if (allowed.Count == 0)
        {
            throw new WebhookAddressRefusedException(
                $"The receiver's host resolves only to addresses webhooks may not reach (loopback, private, link-local, multicast or metadata); nothing was sent.");
        }

        return allowed;
    }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await AllowedAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
        }

        throw last!;
    }
}
