using System.Net;
using Microsoft.AspNetCore.Http;
using Referrals.Api.Http;

namespace Referrals.Functions.Tests.Http;

/// <summary>
/// Who the visitor is behind proxies: the right-most address of <c>X-Forwarded-For</c> followed by the
/// peer that is not infrastructure, since a client can only prepend to the chain.
/// </summary>
public sealed class ForwardedClientTests
{
    [Theory]
    [InlineData("203.0.113.7", "127.0.0.1", "203.0.113.7")]
    [InlineData("1.2.3.4, 203.0.113.7", "127.0.0.1", "203.0.113.7")]
    [InlineData("1.2.3.4,203.0.113.7,10.0.0.4", "127.0.0.1", "203.0.113.7")]
    [InlineData("203.0.113.7, 100.64.0.9, 172.16.3.4, 192.168.1.1, 169.254.1.1", "10.1.2.3", "203.0.113.7")]
    [InlineData("203.0.113.7, ::1", "::1", "203.0.113.7")]
    public void The_visitor_is_the_right_most_address_that_is_not_infrastructure(string forwardedFor, string peer, string visitor)
    {
        Assert.Equal(IPAddress.Parse(visitor), Resolve(peer, forwardedFor));
    }

    [Theory]
    [InlineData("203.0.113.7:51234", "203.0.113.7")]
    [InlineData("2001:db8::7", "2001:db8::7")]
    [InlineData("[2001:db8::7]", "2001:db8::7")]
    [InlineData("[2001:db8::7]:443", "2001:db8::7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void Ports_brackets_and_mapped_addresses_are_read_as_the_address(string forwardedFor, string visitor)
    {
        Assert.Equal(IPAddress.Parse(visitor), Resolve("127.0.0.1", forwardedFor));
    }

    [Theory]
    [InlineData("2001:db8::7, fd12:3456::1", "fe80::1", "2001:db8::7")]
    [InlineData("2001:db8::7", "::ffff:127.0.0.1", "2001:db8::7")]
    public void IPv6_infrastructure_is_passed_over_too(string forwardedFor, string peer, string visitor)
    {
        Assert.Equal(IPAddress.Parse(visitor), Resolve(peer, forwardedFor));
    }

    [Fact]
    public void A_public_peer_is_the_visitor_whatever_it_forwards()
    {
        // A client that reaches the worker directly can write any header; it cannot pose as someone else.
        Assert.Equal(IPAddress.Parse("198.51.100.9"), Resolve("198.51.100.9", "203.0.113.7"));
    }

    [Fact]
    public void Without_a_header_the_peer_is_the_visitor()
    {
        Assert.Equal(IPAddress.Parse("198.51.100.9"), Resolve("198.51.100.9", forwardedFor: null));
    }

    [Fact]
    public void An_IPv4_mapped_peer_is_read_as_IPv4()
    {
        Assert.Equal(IPAddress.Parse("198.51.100.9"), Resolve("::ffff:198.51.100.9", forwardedFor: null));
    }

    [Fact]
    public void When_the_whole_chain_is_infrastructure_the_left_most_address_is_the_visitor()
    {
        Assert.Equal(IPAddress.Parse("10.0.0.1"), Resolve("127.0.0.1", "10.0.0.1, 192.168.1.2"));
    }

    [Theory]
    [InlineData("unknown, 203.0.113.7")]
    [InlineData("203.0.113.7, not-an-address")]
    [InlineData("203.0.113.7, _hidden, 999.1.1.1")]
    public void Entries_that_are_not_addresses_are_skipped(string forwardedFor)
    {
        Assert.Equal(IPAddress.Parse("203.0.113.7"), Resolve("127.0.0.1", forwardedFor));
    }

    [Fact]
    public void Several_header_lines_form_one_chain_in_order()
    {
        var context = Context("127.0.0.1");
        context.Request.Headers[ForwardedClient.Header] = new Microsoft.Extensions.Primitives.StringValues(["1.2.3.4", "203.0.113.7"]);

        Assert.Equal(IPAddress.Parse("203.0.113.7"), ForwardedClient.Resolve(context));
    }

    [Fact]
    public void Without_a_peer_or_a_header_there_is_no_visitor()
    {
        Assert.Null(ForwardedClient.Resolve(new DefaultHttpContext()));
    }

    [Fact]
    public void Apply_makes_the_visitor_the_connections_remote_address()
    {
        var context = Context("127.0.0.1");
        context.Request.Headers[ForwardedClient.Header] = "1.2.3.4, 203.0.113.7";

        ForwardedClient.Apply(context);

        Assert.Equal(IPAddress.Parse("203.0.113.7"), context.Connection.RemoteIpAddress);
    }

    private static IPAddress? Resolve(string peer, string? forwardedFor)
    {
        var context = Context(peer);
        if (forwardedFor is not null)
        {
            context.Request.Headers[ForwardedClient.Header] = forwardedFor;
        }

        return ForwardedClient.Resolve(context);
    }

    private static DefaultHttpContext Context(string peer)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        return context;
    }
}
