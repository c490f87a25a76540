namespace Referrals.Core.Tests.Programs;

public class ReferralProgramTests
{
    [Theory]
    [InlineData("https://shop.example.com/")]
    [InlineData("https://shop.example.com/spring?utm_source=partner")]
    [InlineData("http://shop.example.com/")]
    [InlineData("https://SHOP.Example.COM/")]
    [InlineData("https://eu.shop.example.com/landing")]
    [InlineData("https://shop.example.com:8443/")]
    public void Destinations_on_an_allowed_host_or_its_subdomains_are_allowed(string destination)
    {
        Assert.True(Sample.Program().AllowsDestination(new Uri(destination)));
    }

    [Theory]
    [InlineData("https://evil.com/")]
    [InlineData("https://shop.example.com@evil.com/")]
    [InlineData("https://user:secret@shop.example.com/")]
    [InlineData("https://shop.example.com.evil.com/")]
    [InlineData("https://evilshop.example.com/")]
    [InlineData("https://example.com/")]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://shop.example.com/file")]
    [InlineData("file:///etc/passwd")]
    public void Destinations_anywhere_else_are_refused(string destination)
    {
        Assert.False(Sample.Program().AllowsDestination(new Uri(destination)));
    }

    [Fact]
    public void A_relative_destination_is_refused()
    {
        Assert.False(Sample.Program().AllowsDestination(new Uri("/spring", UriKind.Relative)));
    }
}
