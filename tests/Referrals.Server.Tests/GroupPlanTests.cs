using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>Groups and plan versions through the API: a plan change reaches only later conversions, and moves are audited.</summary>
public sealed class GroupPlanTests : ServerTest
{
    [Fact]
    public async Task A_program_plan_change_applies_to_sales_after_it_and_earlier_commissions_keep_their_version()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "PLAN1" }, HttpStatusCode.Created);
        await SaleAsync(programId, "order-before", 10_000, "PLAN1");

        using (var put = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{programId}/plan", new { kind = "percent", percent = 30 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var changed = await put.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(2, changed.GetProperty("planVersion").GetInt32());
        }

        await SaleAsync(programId, "order-after", 10_000, "PLAN1");

        var commissions = (await Api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={partnerId}")).EnumerateArray()
            .ToDictionary(commission => commission.GetProperty("amount").GetInt64());
        Assert.Equal(1, commissions[2_000].GetProperty("planVersion").GetInt32());
        Assert.Equal("20% of 100.00 EUR = 20.00 EUR.", commissions[2_000].GetProperty("explanation").GetString());
        Assert.Equal(2, commissions[3_000].GetProperty("planVersion").GetInt32());
        Assert.Equal("30% of 100.00 EUR = 30.00 EUR. Under version 2 of the program's plan.", commissions[3_000].GetProperty("explanation").GetString());
        var group = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/groups")).EnumerateArray());
        Assert.Equal(("default", 2), (group.GetProperty("id").GetString(), group.GetProperty("planVersion").GetInt32()));
    }

    [Fact]
    public async Task A_partner_moved_to_a_group_earns_its_plan_and_the_move_is_audited()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "VIP1" }, HttpStatusCode.Created);
        var vip = await Api.PostAsync($"/api/v1/programs/{programId}/groups", new { name = "VIP", plan = new { kind = "flat", amount = 1_500 } }, HttpStatusCode.Created);
        var vipId = vip.GetProperty("id").GetString()!;

        using (var move = await Api.Client.PutAsJsonAsync($"/api/v1/partners/{partnerId}/group", new { groupId = vipId, reason = "top seller" }))
        {
            Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        }

        await SaleAsync(programId, "order-vip", 10_000, "VIP1");

        var commission = Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={partnerId}")).EnumerateArray());
        Assert.Equal(1_500, commission.GetProperty("amount").GetInt64());
        Assert.EndsWith("Under version 1 of the 'VIP' group's plan.", commission.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        var membership = await Api.GetAsync($"/api/v1/partners/{partnerId}/group");
        Assert.Equal(("VIP", 1), (membership.GetProperty("groupName").GetString(), membership.GetProperty("planVersion").GetInt32()));
        var audit = Assert.Single(membership.GetProperty("moves").EnumerateArray());
        Assert.Equal(("default", vipId, "admin", "top seller"), (audit.GetProperty("fromGroupId").GetString(), audit.GetProperty("toGroupId").GetString(), audit.GetProperty("by").GetString(), audit.GetProperty("reason").GetString()));
        Assert.Equal(["default", vipId], (await Api.GetAsync($"/api/v1/programs/{programId}/groups")).EnumerateArray().Select(group => group.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Bad_group_requests_get_problems_and_store_nothing()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/groups", new { name = "VIP", plan = new { kind = "percent", percent = 25 } }, HttpStatusCode.Created);
        var rows = await App.CountRowsAsync();

        await Api.PostAsync($"/api/v1/programs/{programId}/groups", new { name = "vip", plan = new { kind = "percent", percent = 25 } }, HttpStatusCode.Conflict);
        await Api.PostAsync($"/api/v1/programs/{programId}/groups", new { name = "Other", plan = new { kind = "percent", percent = 120 } }, HttpStatusCode.BadRequest);
        await Api.PostAsync($"/api/v1/programs/{programId}/groups", new { name = "Default", plan = new { kind = "percent", percent = 5 } }, HttpStatusCode.BadRequest);
        await Api.PostAsync("/api/v1/programs/prg_nope/groups", new { name = "X", plan = new { kind = "percent", percent = 5 } }, HttpStatusCode.NotFound);
        await PutAsync($"/api/v1/programs/{programId}/plan", new { kind = "flat" }, HttpStatusCode.BadRequest);
        await PutAsync($"/api/v1/programs/{programId}/groups/grp_nope/plan", new { kind = "percent", percent = 5 }, HttpStatusCode.NotFound);
        await PutAsync($"/api/v1/partners/{partnerId}/group", new { groupId = "grp_nope" }, HttpStatusCode.NotFound);
        await PutAsync($"/api/v1/partners/{partnerId}/group", new { reason = new string('x', 600) }, HttpStatusCode.BadRequest);
        await PutAsync("/api/v1/partners/prt_nope/group", new { groupId = "default" }, HttpStatusCode.NotFound);

        Assert.Equal(rows, await App.CountRowsAsync());
    }

    [Fact]
    public async Task A_partner_key_reads_its_own_group_but_cannot_move_itself_or_read_another()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var otherId = await Api.CreatePartnerAsync(programId, "bob@example.com");
        var key = (await Api.PostAsync("/api/v1/keys", new { role = "partner", name = "Ada", programId, partnerId }, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        using var partner = App.CreateClientWithKey(key);

        using var own = await partner.GetAsync($"/api/v1/partners/{partnerId}/group");
        using var other = await partner.GetAsync($"/api/v1/partners/{otherId}/group");
        using var move = await partner.PutAsJsonAsync($"/api/v1/partners/{partnerId}/group", new { groupId = "default" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (own.StatusCode, other.StatusCode, move.StatusCode));
    }

    private async Task PutAsync(string path, object body, HttpStatusCode expected)
    {
        using var response = await Api.Client.PutAsJsonAsync(path, body);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task SaleAsync(string programId, string eventId, long amount, string code)
    {
        var accepted = await Api.PostAsync(
            $"/api/v1/programs/{programId}/conversions",
            new { eventId, type = "sale", amount, currency = "EUR", customerId = "cus_" + eventId, code },
            HttpStatusCode.Accepted);
        await Api.AttributedConversionAsync(programId, accepted.GetProperty("conversionId").GetString()!);
    }
}
