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
    public async Task A_partners_own_plan_comes_before_its_group_from_then_on_and_removing_it_returns_the_partner_to_the_group()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code = "OWN1" }, HttpStatusCode.Created);
        var vipId = (await Api.PostAsync($"/api/v1/programs/{programId}/groups", new { name = "VIP", plan = new { kind = "flat", amount = 1_500 } }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await SaleAsync(programId, "order-program", 10_000, "OWN1");

        var own = await SendAsync(HttpMethod.Put, $"/api/v1/partners/{partnerId}/plan", new { kind = "percent", percent = 35 });
        Assert.Equal(("partner", 1, 0), (own.GetProperty("planSource").GetString(), own.GetProperty("planVersion").GetInt32(), own.GetProperty("moves").GetArrayLength()));
        await SaleAsync(programId, "order-own", 10_000, "OWN1");
        await SendAsync(HttpMethod.Put, $"/api/v1/partners/{partnerId}/group", new { groupId = vipId });
        await SaleAsync(programId, "order-own-in-vip", 20_000, "OWN1");
        var shown = (await Api.GetAsync($"/api/v1/partners/{partnerId}")).GetProperty("planInForce");
        Assert.Equal((vipId, "VIP", "partner", 1, 35m), (shown.GetProperty("groupId").GetString(), shown.GetProperty("groupName").GetString(), shown.GetProperty("source").GetString(), shown.GetProperty("version").GetInt32(), shown.GetProperty("plan").GetProperty("percent").GetDecimal()));

        var removed = await SendAsync(HttpMethod.Delete, $"/api/v1/partners/{partnerId}/plan");
        var again = await SendAsync(HttpMethod.Delete, $"/api/v1/partners/{partnerId}/plan");
        await SaleAsync(programId, "order-group", 10_000, "OWN1");

        Assert.Equal(("group", "VIP", 1), (removed.GetProperty("planSource").GetString(), removed.GetProperty("groupName").GetString(), removed.GetProperty("planVersion").GetInt32()));
        var history = removed.GetProperty("ownPlans").EnumerateArray().ToArray();
        Assert.Equal([1, 2], history.Select(entry => entry.GetProperty("version").GetInt32()));
        Assert.Equal(JsonValueKind.Null, history[1].GetProperty("plan").ValueKind);
        Assert.Equal(2, again.GetProperty("ownPlans").GetArrayLength());
        var explanations = (await Api.GetAsync($"/api/v1/programs/{programId}/commissions?partnerId={partnerId}")).EnumerateArray()
            .ToDictionary(commission => commission.GetProperty("amount").GetInt64(), commission => commission.GetProperty("explanation").GetString());
        Assert.Equal("20% of 100.00 EUR = 20.00 EUR.", explanations[2_000]);
        Assert.Equal("35% of 100.00 EUR = 35.00 EUR. Under version 1 of the partner's own plan.", explanations[3_500]);
        Assert.Equal("35% of 200.00 EUR = 70.00 EUR. Under version 1 of the partner's own plan.", explanations[7_000]);
        Assert.EndsWith("Under version 1 of the 'VIP' group's plan.", explanations[1_500], StringComparison.Ordinal);
        var audit = (await Api.GetAsync($"/api/v1/programs/{programId}/changes")).EnumerateArray()
            .Where(change => change.GetProperty("resource").GetString() == "partner" && change.GetProperty("action").GetString() == "plan").ToArray();
        Assert.Equal(2, audit.Length);
        Assert.All(audit, change => Assert.Equal(partnerId, change.GetProperty("resourceId").GetString()));
    }

    [Fact]
    public async Task A_plan_changed_by_patch_or_by_put_makes_the_same_version_and_explanation_and_shows_as_the_programs_plan()
    {
        var patched = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var put = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var results = new List<(JsonElement Program, JsonElement Commission, JsonElement Group)>();
        foreach (var (programId, code) in new[] { (patched, "SAMEPATCH"), (put, "SAMEPUT") })
        {
            var partnerId = await Api.CreatePartnerAsync(programId);
            await Api.PostAsync($"/api/v1/programs/{programId}/codes", new { partnerId, code }, HttpStatusCode.Created);
            if (programId == patched)
            {
                using var patch = await MergePatchAsync($"/api/v1/programs/{programId}", """{"plan":{"kind":"percent","percent":30,"recurringMonths":12}}""");
                Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
                using var rename = await MergePatchAsync($"/api/v1/programs/{programId}", """{"name":"Test program"}""");
                Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
            }
            else
            {
                await SendAsync(HttpMethod.Put, $"/api/v1/programs/{programId}/plan", new { kind = "percent", percent = 30, recurringMonths = 12 });
            }

            await SaleAsync(programId, "order-" + code, 10_000, code);
            results.Add((
                await Api.GetAsync($"/api/v1/programs/{programId}"),
                Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/commissions")).EnumerateArray()),
                Assert.Single((await Api.GetAsync($"/api/v1/programs/{programId}/groups")).EnumerateArray())));
        }

        var (patchedProgram, patchedCommission, patchedGroup) = results[0];
        var (putProgram, putCommission, putGroup) = results[1];
        Assert.Equal((30m, 2, 12), (patchedProgram.GetProperty("plan").GetProperty("percent").GetDecimal(), patchedProgram.GetProperty("plan").GetProperty("version").GetInt32(), patchedProgram.GetProperty("plan").GetProperty("recurringMonths").GetInt32()));
        Assert.Equal(patchedProgram.GetProperty("plan").GetRawText(), putProgram.GetProperty("plan").GetRawText());
        Assert.Equal(patchedProgram.GetProperty("planDescription").GetString(), putProgram.GetProperty("planDescription").GetString());
        Assert.Equal("30% of 100.00 EUR = 30.00 EUR. Under version 2 of the program's plan.", patchedCommission.GetProperty("explanation").GetString());
        Assert.Equal(patchedCommission.GetProperty("explanation").GetString(), putCommission.GetProperty("explanation").GetString());
        Assert.Equal((2, 2), (patchedCommission.GetProperty("planVersion").GetInt32(), putCommission.GetProperty("planVersion").GetInt32()));
        Assert.Equal((2, 2), (patchedGroup.GetProperty("planVersion").GetInt32(), putGroup.GetProperty("planVersion").GetInt32()));
        var listed = (await Api.GetAsync("/api/v1/programs?limit=100")).EnumerateArray().Single(program => program.GetProperty("id").GetString() == patched);
        Assert.Equal(2, listed.GetProperty("plan").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Every_plan_change_is_in_the_programs_change_records_with_who_and_the_versions_before_and_after()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        var partnerId = await Api.CreatePartnerAsync(programId);
        var vipId = (await Api.PostAsync($"/api/v1/programs/{programId}/groups", new { name = "VIP", plan = new { kind = "flat", amount = 1_500 } }, HttpStatusCode.Created)).GetProperty("id").GetString()!;

        await SendAsync(HttpMethod.Put, $"/api/v1/programs/{programId}/plan", new { kind = "percent", percent = 25 });
        await SendAsync(HttpMethod.Put, $"/api/v1/programs/{programId}/groups/default/plan", new { kind = "percent", percent = 27 });
        await SendAsync(HttpMethod.Put, $"/api/v1/programs/{programId}/groups/{vipId}/plan", new { kind = "flat", amount = 2_000 });
        using (var patch = await MergePatchAsync($"/api/v1/programs/{programId}", """{"plan":{"kind":"percent","percent":30}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        await SendAsync(HttpMethod.Put, $"/api/v1/partners/{partnerId}/plan", new { kind = "percent", percent = 35 });
        await PutAsync($"/api/v1/programs/{programId}/groups/{vipId}/plan", new { kind = "flat" }, HttpStatusCode.BadRequest);

        var changes = (await Api.GetAsync($"/api/v1/programs/{programId}/changes")).EnumerateArray().Reverse().ToArray();
        Assert.Equal(
            [("program", programId, "plan"), ("program", programId, "plan"), ("group", vipId, "plan"), ("program", programId, "update"), ("partner", partnerId, "plan")],
            changes.Select(change => (change.GetProperty("resource").GetString(), change.GetProperty("resourceId").GetString(), change.GetProperty("action").GetString())));
        Assert.All(changes, change => Assert.Equal("admin", change.GetProperty("actor").GetString()));
        Assert.Equal(("1", "2"), Field(changes[0], "planVersion"));
        Assert.StartsWith("\"20% ", Field(changes[0], "planDescription").Before, StringComparison.Ordinal);
        Assert.StartsWith("\"25% ", Field(changes[0], "planDescription").After, StringComparison.Ordinal);
        Assert.Equal(("2", "3"), Field(changes[1], "planVersion"));
        Assert.Equal(("1", "2"), Field(changes[2], "planVersion"));
        Assert.Contains("1500", Field(changes[2], "plan").Before, StringComparison.Ordinal);
        Assert.Contains("2000", Field(changes[2], "plan").After, StringComparison.Ordinal);
        Assert.Contains("\"percent\":27", Field(changes[3], "plan").Before, StringComparison.Ordinal);
        Assert.Contains("\"percent\":30", Field(changes[3], "plan").After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_created_groups_location_answers_the_group_as_the_list_shows_it_and_unknown_ones_are_404_problems()
    {
        var programId = await Api.CreateProgramAsync(new { kind = "percent", percent = 20 });
        string location;
        using (var created = await Api.Client.PostAsJsonAsync($"/api/v1/programs/{programId}/groups", new { name = "VIP", plan = new { kind = "flat", amount = 1_500 } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            location = created.Headers.Location!.OriginalString;
        }

        var vipId = location.Split('/')[^1];
        await SendAsync(HttpMethod.Put, $"/api/v1/programs/{programId}/groups/{vipId}/plan", new { kind = "flat", amount = 2_000 });

        var vip = await Api.GetAsync(location);
        var standard = await Api.GetAsync($"/api/v1/programs/{programId}/groups/default");
        var listed = (await Api.GetAsync($"/api/v1/programs/{programId}/groups")).EnumerateArray().ToArray();

        Assert.Equal(("VIP", 2, 2_000), (vip.GetProperty("name").GetString(), vip.GetProperty("planVersion").GetInt32(), vip.GetProperty("plan").GetProperty("amount").GetInt32()));
        Assert.Equal(listed.Single(group => group.GetProperty("id").GetString() == vipId).GetRawText(), vip.GetRawText());
        Assert.Equal(listed[0].GetRawText(), standard.GetRawText());
        foreach (var missing in new[] { $"/api/v1/programs/{programId}/groups/grp_nope", $"/api/v1/programs/prg_nope/groups/{vipId}", $"/api/v1/programs/prg_nope/groups/default" })
        {
            using var response = await Api.Client.GetAsync(missing);
            Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        }
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
        await PutAsync($"/api/v1/partners/{partnerId}/plan", new { kind = "flat" }, HttpStatusCode.BadRequest);
        await PutAsync($"/api/v1/partners/{partnerId}/plan", new { kind = "percent", percent = 101 }, HttpStatusCode.BadRequest);
        await PutAsync("/api/v1/partners/prt_nope/plan", new { kind = "percent", percent = 5 }, HttpStatusCode.NotFound);
        using (var missing = await Api.Client.DeleteAsync("/api/v1/partners/prt_nope/plan"))
        {
            Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (missing.StatusCode, missing.Content.Headers.ContentType?.MediaType));
        }

        using (var notOverridden = await Api.Client.DeleteAsync($"/api/v1/partners/{partnerId}/plan"))
        {
            Assert.Equal(HttpStatusCode.OK, notOverridden.StatusCode);
        }

        using (var notJson = await Api.Client.PutAsync($"/api/v1/partners/{partnerId}/plan", new StringContent("{\"kind\":", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        }

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
        using var ownPlan = await partner.PutAsJsonAsync($"/api/v1/partners/{partnerId}/plan", new { kind = "percent", percent = 90 });
        using var removePlan = await partner.DeleteAsync($"/api/v1/partners/{partnerId}/plan");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (own.StatusCode, other.StatusCode, move.StatusCode));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (ownPlan.StatusCode, removePlan.StatusCode));
    }

    private static (string? Before, string? After) Field(JsonElement change, string name)
    {
        var field = change.GetProperty("fields").EnumerateArray().Single(candidate => candidate.GetProperty("field").GetString() == name);
        return (field.GetProperty("before").GetString(), field.GetProperty("after").GetString());
    }

    private async Task PutAsync(string path, object body, HttpStatusCode expected)
    {
        using var response = await Api.Client.PutAsJsonAsync(path, body);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Api.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> MergePatchAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent(json, System.Text.Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
        return await Api.Client.SendAsync(request);
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
