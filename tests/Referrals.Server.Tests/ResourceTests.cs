using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>Resources after their creation, as a shop's developer uses them: listed a page at a time, changed, retired, audited.</summary>
public sealed class ResourceTests : ServerTest
{
    [Fact]
    public async Task Programs_are_listed_a_page_at_a_time_with_a_next_link()
    {
        var created = new[] { await Api.CreateProgramAsync(), await Api.CreateProgramAsync(), await Api.CreateProgramAsync() };

        var (first, next) = await PageAsync("/api/v1/programs?limit=2");
        var (second, last) = await PageAsync(next!);

        Assert.Equal(2, first.Length);
        Assert.Contains("limit=2", next, StringComparison.Ordinal);
        Assert.Equal(created.Order(StringComparer.Ordinal), first.Concat(second).Select(program => program.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Null(last);
    }

    [Fact]
    public async Task Partners_are_filtered_by_status_and_paged_with_a_next_link()
    {
        var programId = await Api.CreateProgramAsync();
        var active = new[]
        {
            await Api.CreatePartnerAsync(programId, "ada@example.com"),
            await Api.CreatePartnerAsync(programId, "grace@example.com"),
            await Api.CreatePartnerAsync(programId, "linus@example.com"),
        };
        var suspended = await Api.CreatePartnerAsync(programId, "mallory@example.com", status: "suspended");

        var (first, next) = await PageAsync($"/api/v1/programs/{programId}/partners?status=active&limit=2");
        Assert.NotNull(next);
        Assert.Contains("status=active", next, StringComparison.Ordinal);
        var (second, _) = await PageAsync(next!);

        var listed = first.Concat(second).Select(partner => partner.GetProperty("id").GetString()).ToArray();
        Assert.Equal(2, first.Length);
        Assert.Equal(active.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(suspended, listed);
        Assert.All(first.Concat(second), partner => Assert.Equal("active", partner.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Partners_are_filtered_by_their_group_now_with_status_and_paged_with_a_next_link()
    {
        var programId = await Api.CreateProgramAsync();
        var resellers = (await Api.PostAsync($"/api/v1/programs/{programId}/groups", new { name = "Resellers", plan = new { kind = "percent", percent = 30 } }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var moved = new[]
        {
            await Api.CreatePartnerAsync(programId, "ada@example.com"),
            await Api.CreatePartnerAsync(programId, "grace@example.com"),
            await Api.CreatePartnerAsync(programId, "linus@example.com"),
        };
        var suspended = await Api.CreatePartnerAsync(programId, "mallory@example.com", status: "suspended");
        var movedBack = await Api.CreatePartnerAsync(programId, "bob@example.com");
        var neverMoved = await Api.CreatePartnerAsync(programId, "carol@example.com");
        foreach (var partnerId in moved.Append(suspended).Append(movedBack))
        {
            await MoveAsync(partnerId, resellers);
        }

        await MoveAsync(movedBack, "default");

        var (first, next) = await PageAsync($"/api/v1/programs/{programId}/partners?group={resellers}&status=active&limit=2");
        Assert.NotNull(next);
        Assert.Contains($"group={resellers}", next, StringComparison.Ordinal);
        var (second, _) = await PageAsync(next!);
        var (defaults, _) = await PageAsync($"/api/v1/programs/{programId}/partners?group=default");

        Assert.Equal(moved.Order(StringComparer.Ordinal), first.Concat(second).Select(partner => partner.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { movedBack, neverMoved }.Order(StringComparer.Ordinal), defaults.Select(partner => partner.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        using var unknown = await Api.Client.GetAsync($"/api/v1/programs/{programId}/partners?group=grp_nosuch");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Partners_are_found_by_part_of_their_email_in_any_case()
    {
        var programId = await Api.CreateProgramAsync();
        await Api.CreatePartnerAsync(programId, "ada@example.com");
        var grace = await Api.CreatePartnerAsync(programId, "grace.hopper@navy.example");

        var (found, _) = await PageAsync($"/api/v1/programs/{programId}/partners?search=HOPPER");

        Assert.Equal(grace, Assert.Single(found).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("continuation=not-a-token!")]
    [InlineData("status=retired")]
    [InlineData("status=1")]
    public async Task A_bad_list_query_is_a_400_problem(string query)
    {
        var programId = await Api.CreateProgramAsync();

        using var response = await Api.Client.GetAsync($"/api/v1/programs/{programId}/partners?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_changed_destination_is_where_the_link_sends_visitors_and_the_change_is_audited()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        await Visitor.GetAsync($"/r/{code}"); // the old destination is now cached

        using var patch = await PatchAsync($"/api/v1/programs/{programId}/links/{code}", """{"destination":"https://shop.example.com/spring-sale"}""");
        using var click = await Visitor.GetAsync($"/r/{code}");

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.Found, click.StatusCode);
        Assert.StartsWith("https://shop.example.com/spring-sale?ref_click=", click.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var change = Assert.Single((await PageAsync($"/api/v1/programs/{programId}/changes")).Items);
        Assert.Equal("link", change.GetProperty("resource").GetString());
        Assert.Equal(code, change.GetProperty("resourceId").GetString());
        Assert.Equal("update", change.GetProperty("action").GetString());
        Assert.Contains("admin", change.GetProperty("actor").GetString(), StringComparison.OrdinalIgnoreCase);
        var field = Assert.Single(change.GetProperty("fields").EnumerateArray());
        Assert.Equal("destination", field.GetProperty("field").GetString());
        Assert.Equal("\"https://shop.example.com/pricing\"", field.GetProperty("before").GetString());
        Assert.Equal("\"https://shop.example.com/spring-sale\"", field.GetProperty("after").GetString());
    }

    [Theory]
    [InlineData("""{"destination":"https://evil.example.net/"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"destination":null}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"partnerId":"prt_other"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"campaign":7}""", HttpStatusCode.BadRequest)]
    [InlineData("""["destination"]""", HttpStatusCode.BadRequest)]
    [InlineData("""{"destination":""", HttpStatusCode.BadRequest)]
    public async Task A_patch_is_held_to_the_rules_of_create_and_a_refused_one_changes_nothing(string patch, HttpStatusCode expected)
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var rows = await App.CountRowsAsync();

        using var response = await PatchAsync($"/api/v1/programs/{programId}/links/{code}", patch);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://shop.example.com/pricing", (await Api.GetAsync($"/api/v1/programs/{programId}/links/{code}")).GetProperty("destination").GetString());
        Assert.Equal(rows, await App.CountRowsAsync());
    }

    [Fact]
    public async Task A_patch_sent_as_something_other_than_json_is_a_415_problem()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/programs/{programId}/links/{code}")
        {
            Content = new StringContent("destination=https://shop.example.com/x", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        using var response = await Api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_retired_link_answers_410_and_never_redirects()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        await ApiClient.ClickAsync(Visitor, code);

        var retired = await Api.PostAsync($"/api/v1/programs/{programId}/links/{code}/retire", new { }, HttpStatusCode.OK);
        using var page = new HttpRequestMessage(HttpMethod.Get, $"/r/{code}");
        page.Headers.Accept.ParseAdd("text/html");
        using var browser = await Visitor.SendAsync(page);
        using var tool = await Visitor.GetAsync($"/r/{code}");

        Assert.True(retired.TryGetProperty("retiredAt", out var retiredAt) && retiredAt.ValueKind == JsonValueKind.String);
        Assert.Equal(HttpStatusCode.Gone, browser.StatusCode);
        Assert.Null(browser.Headers.Location);
        Assert.Contains("no longer in use", await browser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, tool.StatusCode);
        Assert.Equal("application/problem+json", tool.Content.Headers.ContentType?.MediaType);
        using var change = await PatchAsync($"/api/v1/programs/{programId}/links/{code}", """{"campaign":"spring"}""");
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
    }

    [Fact]
    public async Task Links_of_an_archived_program_answer_410_and_its_data_stays()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        await ApiClient.ClickAsync(Visitor, code);

        await Api.PostAsync($"/api/v1/programs/{programId}/archive", new { }, HttpStatusCode.OK);
        using var click = await Visitor.GetAsync($"/r/{code}");

        Assert.Equal(HttpStatusCode.Gone, click.StatusCode);
        Assert.Equal(JsonValueKind.String, (await Api.GetAsync($"/api/v1/programs/{programId}")).GetProperty("archivedAt").ValueKind);
        Assert.Equal(partnerId, (await Api.GetAsync($"/api/v1/partners/{partnerId}")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_partners_links_and_codes_are_listed_and_a_retired_code_gives_no_discount()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var codes = new[] { (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString(), (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString() };
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "Spring10", discountPercent = 10 }, HttpStatusCode.Created);

        var (links, _) = await PageAsync($"/api/v1/programs/{programId}/links?partnerId={partnerId}");
        await Api.PostAsync($"/api/v1/programs/{programId}/codes/SPRING10/retire", new { }, HttpStatusCode.OK);
        var (referralCodes, _) = await PageAsync($"/api/v1/programs/{programId}/codes?partnerId={partnerId}");
        using var lookup = await Visitor.GetAsync($"/api/v1/codes/Spring10?programId={programId}");

        Assert.Equal(codes.Order(StringComparer.Ordinal), links.Select(link => link.GetProperty("code").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("Spring10", Assert.Single(referralCodes).GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.String, referralCodes[0].GetProperty("retiredAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task A_referral_code_is_read_in_any_case_with_its_partner_status_and_discount()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "Spring10", discountPercent = 10 }, HttpStatusCode.Created);

        var active = await Api.GetAsync($"/api/v1/programs/{programId}/codes/spring10");
        await Api.PostAsync($"/api/v1/programs/{programId}/codes/Spring10/retire", new { }, HttpStatusCode.OK);
        var retired = await Api.GetAsync($"/api/v1/programs/{programId}/codes/SPRING10");
        var otherProgram = await Api.CreateProgramAsync();

        Assert.Equal("Spring10", active.GetProperty("code").GetString());
        Assert.Equal(partnerId, active.GetProperty("partnerId").GetString());
        Assert.Equal("active", active.GetProperty("status").GetString());
        Assert.Equal(10, active.GetProperty("discountPercent").GetInt32());
        Assert.Equal("retired", retired.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, retired.GetProperty("retiredAt").ValueKind);
        foreach (var path in new[] { $"/api/v1/programs/{programId}/codes/NOSUCHCODE", $"/api/v1/programs/{programId}/codes/no%20such", $"/api/v1/programs/{otherProgram}/codes/Spring10" })
        {
            using var missing = await Api.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_codes_discount_is_changed_by_merge_patch_audited_and_seen_by_the_lookup_and_a_retired_code_cannot_be_changed()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "Spring10", discountPercent = 10 }, HttpStatusCode.Created);

        using var changed = await PatchAsync($"/api/v1/programs/{programId}/codes/spring10", """{"discountPercent":15}""");
        using var invalid = await PatchAsync($"/api/v1/programs/{programId}/codes/spring10", """{"discountPercent":150}""");
        using var partner = await PatchAsync($"/api/v1/programs/{programId}/codes/spring10", """{"partnerId":"prt_other"}""");
        var lookup = await Api.GetAsync($"/api/v1/codes/Spring10?programId={programId}");
        await Api.PostAsync($"/api/v1/programs/{programId}/codes/Spring10/retire", new { }, HttpStatusCode.OK);
        using var retired = await PatchAsync($"/api/v1/programs/{programId}/codes/spring10", """{"discountPercent":20}""");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(15, lookup.GetProperty("discountPercent").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, partner.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retired.StatusCode);
        var code = await Api.GetAsync($"/api/v1/programs/{programId}/codes/Spring10");
        Assert.Equal((15, partnerId), (code.GetProperty("discountPercent").GetInt32(), code.GetProperty("partnerId").GetString()));
        var (changes, _) = await PageAsync($"/api/v1/programs/{programId}/changes");
        Assert.Equal(["retire", "update"], changes.Select(change => change.GetProperty("action").GetString()));
        var field = Assert.Single(changes[1].GetProperty("fields").EnumerateArray());
        Assert.Equal(("discountPercent", "10", "15"), (field.GetProperty("field").GetString(), field.GetProperty("before").GetString(), field.GetProperty("after").GetString()));
    }

    [Fact]
    public async Task A_program_and_a_partner_are_changed_by_merge_patch()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);

        using var program = await PatchAsync($"/api/v1/programs/{programId}", """{"name":"Spring partners","cookieDays":60,"plan":{"kind":"percent","percent":25}}""");
        using var currency = await PatchAsync($"/api/v1/programs/{programId}", """{"currency":"USD"}""");
        using var partner = await PatchAsync($"/api/v1/partners/{partnerId}", """{"name":"Ada L.","status":"suspended"}""");

        var changed = await Api.GetAsync($"/api/v1/programs/{programId}");
        Assert.Equal(HttpStatusCode.OK, program.StatusCode);
        Assert.Equal("Spring partners", changed.GetProperty("name").GetString());
        Assert.Equal(60, changed.GetProperty("cookieDays").GetInt32());
        Assert.Equal(25, changed.GetProperty("plan").GetProperty("percent").GetDecimal());
        Assert.Equal(2, changed.GetProperty("plan").GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, currency.StatusCode);
        Assert.Equal("EUR", changed.GetProperty("currency").GetString());
        var ada = await Api.GetAsync($"/api/v1/partners/{partnerId}");
        Assert.Equal(HttpStatusCode.OK, partner.StatusCode);
        Assert.Equal("Ada L.", ada.GetProperty("name").GetString());
        Assert.Equal("suspended", ada.GetProperty("status").GetString());
        Assert.Equal(2, (await PageAsync($"/api/v1/programs/{programId}/changes")).Items.Length);
    }

    private async Task MoveAsync(string partnerId, string groupId)
    {
        using var move = await Api.Client.PutAsJsonAsync($"/api/v1/partners/{partnerId}/group", new { groupId });
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
    }

    private async Task<HttpResponseMessage> PatchAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        return await Api.Client.SendAsync(request);
    }

    private async Task<(JsonElement[] Items, string? Next)> PageAsync(string path)
    {
        using var response = await Api.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        var next = response.Headers.TryGetValues("Link", out var links)
            ? System.Text.RegularExpressions.Regex.Match(links.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value
            : null;
        return (JsonDocument.Parse(text).RootElement.EnumerateArray().Select(item => item.Clone()).ToArray(), next);
    }
}
