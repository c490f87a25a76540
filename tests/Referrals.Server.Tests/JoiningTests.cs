using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;

namespace Referrals.Server.Tests;

/// <summary>Applying on a program's public page, the review through the API, versioned terms and the e-mails, over a real SMTP server.</summary>
public sealed partial class JoiningTests : ServerTest, IDisposable
{
    private const string TermsText = "Partners promote honestly.\nNo paid search on our brand.";
    private readonly SmtpCapture _smtp = new();

    protected override ReferralsApp CreateApp(AzuriteFixture azurite) =>
        new(azurite, new Dictionary<string, string?>(_smtp.Settings) { ["Referrals:Join:ApplicationsPerMinute"] = "50" });

    public void Dispose() => _smtp.Dispose();

    [Fact]
    public async Task A_program_gets_a_slug_from_its_name_and_a_slug_another_program_holds_is_refused()
    {
        var first = await Api.CreateProgramAsync();
        var second = await Api.CreateProgramAsync();

        Assert.Equal("test-program", (await Api.GetAsync($"/api/v1/programs/{first}")).GetProperty("slug").GetString());
        Assert.Equal("test-program-2", (await Api.GetAsync($"/api/v1/programs/{second}")).GetProperty("slug").GetString());
        using var taken = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{second}/slug", new { slug = "test-program" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        using var invalid = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{second}/slug", new { slug = "-Not OK" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);

        using var renamed = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{second}/slug", new { slug = "acme-partners" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("acme-partners", (await Api.GetAsync($"/api/v1/programs/{second}")).GetProperty("slug").GetString());

        // The old slug was freed in the same transaction: another program can take it.
        using var reused = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{first}/slug", new { slug = "test-program-2" });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        await PublishTermsAsync(second);
        Assert.Equal(HttpStatusCode.OK, (await Visitor.GetAsync("/join/acme-partners")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Visitor.GetAsync("/join/no-such-program")).StatusCode);
    }

    [Fact]
    public async Task An_archived_program_takes_no_application_and_approves_no_pending_one_but_still_rejects()
    {
        var program = await Api.CreateProgramAsync();
        await PublishTermsAsync(program);
        using (var applied = await ApplyAsync("test-program", Form("Grace Hopper", "grace@example.com")))
        {
            Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        }

        var applicationId = Assert.Single((await Api.GetAsync($"/api/v1/programs/{program}/applications?status=pending")).EnumerateArray()).GetProperty("id").GetString();
        var html = await Visitor.GetStringAsync("/join/test-program");
        await Api.PostAsync($"/api/v1/programs/{program}/archive", new { }, HttpStatusCode.OK);
        var rows = await App.CountRowsAsync();

        // A form opened before the archive and sent after it.
        using var late = await Visitor.PostAsync("/join/test-program", new FormUrlEncodedContent(new Dictionary<string, string>(Form("Linus", "linus@example.com"))
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(html).Groups[1].Value,
            ["Form.TermsVersion"] = TermsVersion().Match(html).Groups[1].Value,
        }));
        using var page = await Visitor.GetAsync("/join/test-program");
        using var approve = await Api.Client.PostAsJsonAsync($"/api/v1/programs/{program}/applications/{applicationId}/decision", new { decision = "approve" });

        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("partner program has closed", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Form.Email", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Equal(Referrals.Api.Http.Problems.ProgramArchivedType, (await approve.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(rows, await App.CountRowsAsync());
        var rejected = await Api.PostAsync($"/api/v1/programs/{program}/applications/{applicationId}/decision", new { decision = "reject" }, HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_approved_application_becomes_an_active_partner_with_a_link_an_agreement_and_a_welcome_email()
    {
        var program = await Api.CreateProgramAsync();
        await PublishTermsAsync(program);

        using var applied = await ApplyAsync("test-program", Form("Grace Hopper", "grace@example.com"));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Contains("Thank you for applying", await applied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var received = await _smtp.WaitForAsync("grace@example.com", "we received your application");
        Assert.Contains("Test program", received.TextBody, StringComparison.Ordinal);

        var pending = await Api.GetAsync($"/api/v1/programs/{program}/applications?status=pending");
        var application = Assert.Single(pending.EnumerateArray());
        Assert.Equal("grace@example.com", application.GetProperty("email").GetString());
        Assert.Equal(1, application.GetProperty("termsVersion").GetInt32());
        var applicationId = application.GetProperty("id").GetString()!;

        var decided = await Api.PostAsync($"/api/v1/programs/{program}/applications/{applicationId}/decision", new { decision = "approve", reason = "Good fit" }, HttpStatusCode.OK);
        Assert.Equal("approved", decided.GetProperty("status").GetString());
        var partnerId = decided.GetProperty("partnerId").GetString()!;

        var partner = await Api.GetAsync($"/api/v1/partners/{partnerId}");
        Assert.Equal("active", partner.GetProperty("status").GetString());
        Assert.Equal(program, partner.GetProperty("programId").GetString());
        var agreement = partner.GetProperty("agreement");
        Assert.Equal(1, agreement.GetProperty("version").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TermsText))), agreement.GetProperty("textSha256").GetString());
        Assert.False(string.IsNullOrEmpty(agreement.GetProperty("addressHash").GetString()));

        var welcome = await _smtp.WaitForAsync("grace@example.com", "Welcome to the Test program partner program");
        Assert.Equal("partners@shop.example.com", welcome.From.Mailboxes.Single().Address);
        var signIn = SignInLink().Match(welcome.TextBody ?? string.Empty);
        Assert.True(signIn.Success, welcome.TextBody);
        Assert.Contains(signIn.Value, welcome.HtmlBody, StringComparison.Ordinal);
        var link = TrackedLink().Match(welcome.TextBody ?? string.Empty);
        Assert.True(link.Success, welcome.TextBody);
        using var redirect = await Visitor.GetAsync(new Uri(link.Value).PathAndQuery);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.StartsWith("https://shop.example.com/", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var signInPage = await Visitor.GetAsync(new Uri(signIn.Value).PathAndQuery);
        Assert.Contains("Grace Hopper", await signInPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var again = await Api.Client.PostAsJsonAsync($"/api/v1/programs/{program}/applications/{applicationId}/decision", new { decision = "reject" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Empty((await Api.GetAsync($"/api/v1/programs/{program}/applications?status=pending")).EnumerateArray());
    }

    [Fact]
    public async Task A_second_application_from_the_same_address_gets_a_polite_answer_and_stores_nothing()
    {
        var program = await Api.CreateProgramAsync();
        await PublishTermsAsync(program);
        using var first = await ApplyAsync("test-program", Form("Ada", "ada@example.com"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await App.CountRowsAsync();

        using var second = await ApplyAsync("test-program", Form("Ada again", "ADA@example.com"));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("We already have an application from this e-mail address", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await App.CountRowsAsync());
        Assert.Single((await Api.GetAsync($"/api/v1/programs/{program}/applications")).EnumerateArray());
    }

    [Theory]
    [InlineData("acceptsTerms", "Accept the program&#x27;s terms")]
    [InlineData("email", "Enter one e-mail address")]
    [InlineData("message", "The message is at most 2000 characters")]
    public async Task A_bad_application_gets_the_form_back_with_the_problem_and_stores_nothing(string bad, string problem)
    {
        var program = await Api.CreateProgramAsync();
        await PublishTermsAsync(program);
        var form = Form("Ada", "ada@example.com");
        switch (bad)
        {
            case "acceptsTerms":
                form.Remove("Form.AcceptsTerms");
                break;
            case "email":
                form["Form.Email"] = "ada at example";
                break;
            default:
                form["Form.Message"] = new string('x', 20 * 1024);
                break;
        }

        var before = await App.CountRowsAsync();
        using var answer = await ApplyAsync("test-program", form);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Contains(problem, html, StringComparison.Ordinal);
        Assert.Contains("name=\"Form.Name\" value=\"Ada\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await App.CountRowsAsync());
    }

    [Fact]
    public async Task A_filled_honeypot_or_a_missing_antiforgery_token_stores_nothing()
    {
        var program = await Api.CreateProgramAsync();
        await PublishTermsAsync(program);
        var before = await App.CountRowsAsync();

        var bot = Form("Bot", "bot@example.com");
        bot["Form.Fax"] = "+1 555 0100";
        using var botAnswer = await ApplyAsync("test-program", bot);
        using var forged = await Visitor.PostAsync("/join/test-program", new FormUrlEncodedContent(Form("Mallory", "mallory@example.com")));

        Assert.Equal(HttpStatusCode.OK, botAnswer.StatusCode);
        Assert.Contains("Thank you for applying", await botAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(before, await App.CountRowsAsync());
    }

    [Fact]
    public async Task A_program_without_terms_takes_no_applications()
    {
        await Api.CreateProgramAsync();

        using var page = await Visitor.GetAsync("/join/test-program");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task Applications_from_listed_domains_are_approved_at_once_and_others_wait()
    {
        var program = await Api.CreateProgramAsync();
        await PublishTermsAsync(program);
        using var settings = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{program}/join-settings", new { autoApprove = true, autoApproveDomains = new[] { "Trusted.example" } });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);

        using var trusted = await ApplyAsync("test-program", Form("Trusted", "tess@trusted.example"));
        using var other = await ApplyAsync("test-program", Form("Other", "otto@elsewhere.example"));

        Assert.Contains("Welcome to the Test program partner program", await trusted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var approved = Assert.Single((await Api.GetAsync($"/api/v1/programs/{program}/applications?status=approved")).EnumerateArray());
        Assert.Equal("tess@trusted.example", approved.GetProperty("email").GetString());
        Assert.Equal("auto-approve", approved.GetProperty("decidedBy").GetString());
        Assert.Equal("active", (await Api.GetAsync($"/api/v1/partners/{approved.GetProperty("partnerId").GetString()}")).GetProperty("status").GetString());
        Assert.Equal("otto@elsewhere.example", Assert.Single((await Api.GetAsync($"/api/v1/programs/{program}/applications?status=pending")).EnumerateArray()).GetProperty("email").GetString());
        await _smtp.WaitForAsync("tess@trusted.example", "Welcome to the Test program partner program");
    }

    [Fact]
    public async Task A_rejected_applicant_is_told_with_the_reason()
    {
        var program = await Api.CreateProgramAsync();
        await PublishTermsAsync(program);
        using var applied = await ApplyAsync("test-program", Form("Eve", "eve@example.com"));
        var applicationId = Assert.Single((await Api.GetAsync($"/api/v1/programs/{program}/applications")).EnumerateArray()).GetProperty("id").GetString();

        var rejected = await Api.PostAsync($"/api/v1/programs/{program}/applications/{applicationId}/decision", new { decision = "reject", reason = "Coupon sites only" }, HttpStatusCode.OK);

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("partnerId").ValueKind);
        var email = await _smtp.WaitForAsync("eve@example.com", "about your application");
        Assert.Contains("Reason: Coupon sites only", email.TextBody, StringComparison.Ordinal);
        using var bad = await Api.Client.PostAsJsonAsync($"/api/v1/programs/{program}/applications/{applicationId}/decision", new { decision = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unknown = await Api.Client.PostAsJsonAsync($"/api/v1/programs/{program}/applications/app_nope/decision", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task New_terms_make_the_next_version_email_the_partners_and_show_who_has_not_accepted()
    {
        var program = await Api.CreateProgramAsync();
        var first = await PublishTermsAsync(program);
        using var applied = await ApplyAsync("test-program", Form("Linus", "linus@example.com"));
        var applicationId = Assert.Single((await Api.GetAsync($"/api/v1/programs/{program}/applications")).EnumerateArray()).GetProperty("id").GetString();
        var partnerId = (await Api.PostAsync($"/api/v1/programs/{program}/applications/{applicationId}/decision", new { decision = "approve" }, HttpStatusCode.OK)).GetProperty("partnerId").GetString();

        var second = await PublishTermsAsync(program, "Version two of the terms.");

        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal(2, (await Api.GetAsync($"/api/v1/programs/{program}/terms")).GetProperty("version").GetInt32());
        var agreements = await Api.GetAsync($"/api/v1/programs/{program}/agreements");
        Assert.Equal(2, agreements.GetProperty("currentVersion").GetInt32());
        var linus = Assert.Single(agreements.GetProperty("partners").EnumerateArray());
        Assert.Equal(partnerId, linus.GetProperty("partnerId").GetString());
        Assert.Equal(1, linus.GetProperty("agreement").GetProperty("version").GetInt32());
        Assert.False(linus.GetProperty("acceptedCurrent").GetBoolean());
        var notice = await _smtp.WaitForAsync("linus@example.com", "new terms to accept");
        Assert.Contains("version 2", notice.TextBody, StringComparison.Ordinal);
        using var empty = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{program}/terms", new { text = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task Applications_over_the_limit_of_an_address_get_429()
    {
        await using var limited = new ReferralsApp(await SharedAzurite.GetAsync(), new Dictionary<string, string?> { ["Referrals:Join:ApplicationsPerMinute"] = "2" });
        using var admin = limited.CreateAdminClient();
        using var visitor = limited.CreateVisitorClient();
        var programId = (await new ApiClient(admin).PostAsync(
            "/api/v1/programs", new { name = "Limited", currency = "EUR", allowedHosts = new[] { "shop.example.com" }, plan = new { kind = "percent", percent = 10 } }, HttpStatusCode.Created))
            .GetProperty("id").GetString();
        using var terms = await admin.PutAsJsonAsync($"/api/v1/programs/{programId}/terms", new { text = TermsText });
        Assert.Equal(HttpStatusCode.Created, terms.StatusCode);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var answer = await ApplyAsync(visitor, "limited", Form($"Person {i}", $"person{i}@example.com"));
            statuses.Add(answer.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task An_email_the_mail_server_keeps_refusing_ends_in_the_programs_dead_letters()
    {
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var app = new ReferralsApp(await SharedAzurite.GetAsync(), new Dictionary<string, string?>
        {
            ["Referrals:Email:SmtpHost"] = "127.0.0.1",
            ["Referrals:Email:SmtpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Referrals:Email:From"] = "partners@shop.example.com",
            ["Referrals:Storage:MaxDequeueCount"] = "2",
        });
        using var admin = app.CreateAdminClient();
        using var visitor = app.CreateVisitorClient();
        var api = new ApiClient(admin);
        var program = await api.CreateProgramAsync();
        using var terms = await admin.PutAsJsonAsync($"/api/v1/programs/{program}/terms", new { text = TermsText });

        // The request does not wait for the mail server: the application is taken while sending fails.
        using var applied = await ApplyAsync(visitor, "test-program", Form("Ada", "ada@example.com"));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);

        var letters = await Eventually.ReturnsAsync(
            async () => await api.GetAsync($"/api/v1/programs/{program}/dead-letters"),
            list => list.GetArrayLength() > 0,
            TimeSpan.FromSeconds(30));
        var letter = Assert.Single(letters.EnumerateArray());
        Assert.Equal("email-outbox", letter.GetProperty("topic").GetString());
        Assert.Contains("we received your application", letter.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_application_and_its_approval_reach_the_shop_as_signed_partner_webhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var program = await Api.CreateProgramAsync();
        await PublishTermsAsync(program);
        var endpoint = await Api.PostAsync(
            $"/api/v1/programs/{program}/webhook-endpoints", new { url = receiver.Url, events = new[] { "partner.applied", "partner.approved" } }, HttpStatusCode.Created);
        var secret = endpoint.GetProperty("secret").GetString()!;

        using var applied = await ApplyAsync("test-program", Form("Katherine Johnson", "katherine@example.com"));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var application = Assert.Single(await receiver.WaitForAsync("partner.applied"));
        new StandardWebhooks.StandardWebhook(secret).Verify(application.Body, application.Headers);
        Assert.Equal("pending", application.Data.GetProperty("status").GetString());
        Assert.Equal("katherine@example.com", application.Data.GetProperty("email").GetString());
        var applicationId = application.Data.GetProperty("applicationId").GetString()!;

        var decided = await Api.PostAsync($"/api/v1/programs/{program}/applications/{applicationId}/decision", new { decision = "approve" }, HttpStatusCode.OK);

        var approved = Assert.Single(await receiver.WaitForAsync("partner.approved"));
        new StandardWebhooks.StandardWebhook(secret).Verify(approved.Body, approved.Headers);
        Assert.Equal("approved", approved.Data.GetProperty("status").GetString());
        Assert.Equal(decided.GetProperty("partnerId").GetString(), approved.Data.GetProperty("partnerId").GetString());
    }

    private async Task<JsonElement> PublishTermsAsync(string program, string text = TermsText)
    {
        using var response = await Api.Client.PutAsJsonAsync($"/api/v1/programs/{program}/terms", new { text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Dictionary<string, string> Form(string name, string email) => new()
    {
        ["Form.Name"] = name,
        ["Form.Email"] = email,
        ["Form.Website"] = "https://blog.example.org",
        ["Form.Country"] = "DE",
        ["Form.Message"] = "I write about tools.",
        ["Form.AcceptsTerms"] = "true",
    };

    private Task<HttpResponseMessage> ApplyAsync(string slug, Dictionary<string, string> form) => ApplyAsync(Visitor, slug, form);

    /// <summary>Opens the page (for its antiforgery token and terms version), then sends the form as a browser would.</summary>
    private static async Task<HttpResponseMessage> ApplyAsync(HttpClient visitor, string slug, Dictionary<string, string> form)
    {
        var html = await visitor.GetStringAsync($"/join/{slug}");
        var fields = new Dictionary<string, string>(form)
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(html).Groups[1].Value,
            ["Form.TermsVersion"] = TermsVersion().Match(html).Groups[1].Value,
        };
        return await visitor.PostAsync($"/join/{slug}", new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"Form.TermsVersion\" value=\"(\\d+)\"")]
    private static partial Regex TermsVersion();

    [GeneratedRegex(@"https?://[^\s]+/portal/signin/[^\s]+")]
    private static partial Regex SignInLink();

    [GeneratedRegex(@"https?://[^\s]+/r/[A-Za-z0-9]+")]
    private static partial Regex TrackedLink();
}
