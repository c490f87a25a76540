using System.Net;
using System.Net.Sockets;
using MimeKit;
using netDumbster.smtp;

namespace Referrals.Server.Tests.Infrastructure;

/// <summary>
/// A real SMTP server in process on a free 127.0.0.1 port (netDumbster): what the app sends arrives
/// here over SMTP and is read back as MIME messages.
/// </summary>
public sealed class SmtpCapture : IDisposable
{
    private readonly SimpleSmtpServer _server;

    public SmtpCapture()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _server = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(Port).Build();
    }

    public int Port { get; }

    /// <summary>The settings that point the app's e-mail at this server.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Referrals:Email:SmtpHost", "127.0.0.1"),
        new("Referrals:Email:SmtpPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Referrals:Email:From", "partners@shop.example.com"),
    ];

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Received =>
        [.. _server.ReceivedEmail.Select(message => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(message.Data))))];

    /// <summary>Waits (polling, up to 30 s) for a message to <paramref name="recipient"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task<MimeMessage> WaitForAsync(string recipient, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = Received.FirstOrDefault(message =>
                message.To.Mailboxes.Any(box => box.Address == recipient) && (message.Subject ?? string.Empty).Contains(subject, StringComparison.Ordinal));
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No e-mail to {recipient} about '{subject}' arrived; received: {string.Join(" | ", Received.Select(m => $"{m.To} {m.Subject}"))}");
            await Task.Delay(50);
        }
    }

    public void Dispose() => _server.Dispose();
}
