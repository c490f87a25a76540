using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Joining;
using Referrals.Api.Security;
using Referrals.Core.Joining;
using Referrals.Core.Programs;
using Referrals.Core.Tracking;
using Referrals.Server.Joining;

namespace Referrals.Server.Pages.Join;

/// <summary>
/// A program's public application page: the form (works without JavaScript), the program's current
/// terms to accept, and the answer. A filled-in hidden field marks a bot: it gets the usual thanks and
/// nothing is stored. Bad input gets the form back with the problems and stores nothing.
/// </summary>
internal sealed class JoinModel(
    IProgramSlugStore slugs,
    IProgramStore programs,
    ITermsStore terms,
    SubmitApplication submit,
    ApplicationRateLimiter limiter,
    VisitorHasher hasher,
    SignInLinks signIn,
    IOptions<ReferralsOptions> options) : PageModel
{
    public ReferralProgram? Program { get; private set; }

    public ProgramTerms? Terms { get; private set; }

    [BindProperty]
    public JoinForm Form { get; set; } = new();

    /// <summary>The problems with the form, by field.</summary>
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The answer after a post that went through (thanks, welcome, or already applied); the form is not shown.</summary>
    public string? Answer { get; private set; }

    public string? Problem { get; private set; }

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The program is archived: the page says it is closed and shows no form.</summary>
    public bool IsClosed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        !await LoadAsync(slug, cancellationToken) ? NotOpen() : Program!.IsArchived ? Closed() : Page();

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotOpen();
        }

        if (Program!.IsArchived)
        {
            return Closed();
        }

        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!limiter.TryAcquire(address))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            Problem = "Too many applications from your address. Please try again in a minute.";
            return Page();
        }

        if (!string.IsNullOrEmpty(Form.Fax))
        {
            Answer = ThanksFor(Program!);
            return Page();
        }

        var draft = new ApplicationDraft(Form.Name, Form.Email, Form.Website, Form.Country, Form.Message, Form.AcceptsTerms);
        var links = PortalLinks.For(Request, signIn, options);
        switch (await submit.ExecuteAsync(Program!.Id, draft, Form.TermsVersion, hasher.Hash(HttpContext.Connection.RemoteIpAddress), links, cancellationToken))
        {
            case SubmitApplicationOutcome.Submitted { Application.Status: ApplicationStatus.Approved }:
                Answer = $"Welcome to the {Program.Name} partner program! We sent you an e-mail with your first link and a sign-in link to your portal.";
                return Page();
            case SubmitApplicationOutcome.Submitted:
                Answer = ThanksFor(Program);
                return Page();
            case SubmitApplicationOutcome.Duplicate:
                Answer = "We already have an application from this e-mail address, thank you. We will write to you about it.";
                return Page();
            case SubmitApplicationOutcome.Invalid invalid:
                Errors = invalid.Errors.ToDictionary();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                Problem = "Please correct the marked fields.";
                return Page();
            case SubmitApplicationOutcome.Closed:
                return Closed();
            default:
                return NotOpen();
        }
    }

    private static string ThanksFor(ReferralProgram program) =>
        $"Thank you for applying to the {program.Name} partner program. We will review your application and write to you.";

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        if (await slugs.FindProgramAsync(slug, cancellationToken) is not { } programId
            || await programs.GetAsync(programId, cancellationToken) is not { } program)
        {
            return false;
        }

        Program = program;
        Terms = await terms.GetCurrentAsync(program.Id, cancellationToken);
        return Terms is not null;
    }

    // 410: the program was archived, so its page is gone for good; nothing is stored.
    private PageResult Closed()
    {
        Response.StatusCode = StatusCodes.Status410Gone;
        IsClosed = true;
        return Page();
    }

    private PageResult NotOpen()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        Program = null;
        Problem = "There is no partner program taking applications at this address.";
        return Page();
    }
}

/// <summary>The fields of the application form; <see cref="Fax"/> is the hidden field only bots fill in.</summary>
internal sealed class JoinForm
{
    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    public string? Country { get; set; }

    public string? Message { get; set; }

    public bool AcceptsTerms { get; set; }

    public int TermsVersion { get; set; }

    public string? Fax { get; set; }
}
