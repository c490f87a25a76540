using System.Net;

namespace Referrals.Server.Tests;

public sealed class StaticAssetTests : ServerTest
{
    [Theory]
    [InlineData("/assets/site.css", "text/css")]
    [InlineData("/assets/copy.js", "text/javascript")]
    public async Task The_pages_styles_and_script_are_served_from_assets(string path, string mediaType)
    {
        using var client = App.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }
}
