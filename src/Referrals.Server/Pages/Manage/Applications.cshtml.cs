using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Referrals.Api.Hosting;
using Referrals.Api.Joining;
using Referrals.Api.Security;
using Referrals.Core.Joining;
using Referrals.Core.Partners;
using Referrals.Core.Programs;

namespace Referrals.Server.Pages.Manage;

/// <summary>
/// A program's applications waiting for review, with approve and reject buttons, and where its partners
/// stand with the current terms (who has not accepted them yet).
/// </summary>
public sealed class ApplicationsModel(
    IProgramStore programs,
    IProgramSlugStore slugs,
    IApplicationStore applications,
    DecideApplication decide,
    ITermsStore terms,
    IAgreementStore agreements,
    IPartnerDirectory directory,
    SignInLinks signIn,
    IOptions<ReferralsOptions> options) : PageModel
{
    public ReferralProgram? Program { get; private set; }

    public string? Slug { get; private set; }

    public IReadOnlyList<Application> Pending { get; private set; } = [];

    public AgreementsResponse? Agreements { get; private set; }

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    public Task<IActionResult> OnGetAsync(string programId, CancellationToken cancellationToken) => ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);

    public async Task<IActionResult> OnPostDecideAsync(string programId, string? applicationId, string? decision, string? reason, CancellationToken cancellationToken)
    {
        var approve = decision switch { "approve" => true, "reject" => false, _ => (bool?)null };
        if (approve is null || string.IsNullOrEmpty(applicationId))
        {
            Problem = "Choose approve or reject.";
            return await ShowAsync(programId, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var decidedBy = User.Identity?.Name ?? "manager";
        switch (await decide.ExecuteAsync(programId, applicationId, approve.Value, reason, decidedBy, PortalLinks.For(Request, signIn, options), cancellationToken))
        {
            case DecideApplicationOutcome.Decided decided:
                Notice = $"{decided.Application.Name} is {(approve.Value ? "approved: the welcome e-mail is on its way" : "rejected")}.";
                return await ShowAsync(programId, StatusCodes.Status200OK, cancellationToken);
            case DecideApplicationOutcome.AlreadyDecided:
                Problem = "That application was already decided.";
                return await ShowAsync(programId, StatusCodes.Status409Conflict, cancellationToken);
            case DecideApplicationOutcome.Invalid:
                Problem = $"The reason is at most {DecideApplication.MaxReasonLength} characters.";
                return await ShowAsync(programId, StatusCodes.Status400BadRequest, cancellationToken);
            case DecideApplicationOutcome.ProgramArchived:
                Problem = "The program is archived and takes no new partners; the application can only be rejected.";
                return await ShowAsync(programId, StatusCodes.Status409Conflict, cancellationToken);
            default:
                Problem = "There is no such application in this program.";
                return await ShowAsync(programId, StatusCodes.Status404NotFound, cancellationToken);
        }
    }

    private async Task<IActionResult> ShowAsync(string programId, int status, CancellationToken cancellationToken)
    {
        Program = await programs.GetAsync(programId, cancellationToken);
        if (Program is null)
        {
            return NotFound();
        }

        Slug = await slugs.GetSlugAsync(Program.Id, cancellationToken);
        Pending = await applications.ListAsync(Program.Id, ApplicationStatus.Pending, JoiningApi.MaxListed, cancellationToken);
        Agreements = await JoiningApi.AgreementsOfAsync(Program.Id, terms, agreements, directory, cancellationToken);
        Response.StatusCode = status;
        return Page();
    }
}
