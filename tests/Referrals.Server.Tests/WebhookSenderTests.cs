using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Referrals.Api.OutboundWebhooks;
using Referrals.Core.OutboundWebhooks;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>
/// The webhook sender's safety: outside Development the connect step refuses every non-public address
/// before a socket is opened (shown by a loopback listener that never sees a connection), and an answer
/// is read only up to 1 KB.
/// </summary>
public sealed class WebhookSenderTests
{
    private static WebhookRequest Request(string url) =>
        new(url, "msg_test", DateTimeOffset.UtcNow, "v1,AAAA", "{\"type\":\"ping\"}");

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.1.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::")]
    public void The_connect_guard_refuses_non_public_addresses_outside_Development(string address)
    {
        Assert.False(new GuardedConnector(allowPrivateNetworks: false).Allows(IPAddress.Parse(address)));
        Assert.True(new GuardedConnector(allowPrivateNetworks: true).Allows(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void The_connect_guard_admits_public_addresses(string address) =>
        Assert.True(new GuardedConnector(allowPrivateNetworks: false).Allows(IPAddress.Parse(address)));

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task A_delivery_to_a_host_that_is_loopback_is_refused_before_any_connection_is_opened(string host)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var sender = new WebhookSender(new GuardedConnector(allowPrivateNetworks: false));

        var response = await sender.SendAsync(Request($"https://{host}:{port}/hooks"), CancellationToken.None);

        Assert.Null(response.StatusCode);
        Assert.False(response.Succeeded);
        Assert.Contains("may not reach", response.Error, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "A connection reached the loopback listener.");
    }

    [Fact]
    public async Task In_Development_the_same_delivery_does_connect_to_the_loopback_listener()
    {
        // The counterpart of the refusal test: the listener does see a connection when the guard admits it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var sender = new WebhookSender(new GuardedConnector(allowPrivateNetworks: true));
        using var stop = new CancellationTokenSource();

        var sending = sender.SendAsync(Request($"http://localhost:{port}/hooks"), stop.Token);
        var connected = await Eventually.ReturnsAsync(() => Task.FromResult(listener.Pending()), pending => pending);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        Assert.True(connected);
    }

    [Fact]
    public async Task Only_the_first_kilobyte_of_an_answer_is_kept()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Padding = 10_000;
        using var sender = new WebhookSender(new GuardedConnector(allowPrivateNetworks: true));

        var response = await sender.SendAsync(Request(receiver.Url), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(WebhookSender.MaxResponseBytes, response.ResponseHead.Length);
        Assert.StartsWith("answer 200", response.ResponseHead, StringComparison.Ordinal);
        var received = Assert.Single(receiver.Received);
        Assert.Equal("msg_test", received.Headers["webhook-id"].ToString());
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failed_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answers.Enqueue(307);
        using var sender = new WebhookSender(new GuardedConnector(allowPrivateNetworks: true));

        var response = await sender.SendAsync(Request(receiver.Url), CancellationToken.None);

        Assert.Equal(307, response.StatusCode);
        Assert.False(response.Succeeded);
        Assert.Single(receiver.Received);
    }
}
