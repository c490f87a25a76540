using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Api.Security;
using Referrals.Api.Statements;
using Referrals.Core.Commissions;
using Referrals.Core.Partners;
using Referrals.Core.Payouts;
using Referrals.Core.Programs;
using Referrals.Core.Statements;

namespace Referrals.Server.Pages.Portal;

/// <summary>
/// The signed-in partner's statement for one period, and the same as CSV (<c>?handler=csv</c>). The
/// partner comes from the session only; the URL names just the period.
/// </summary>
public sealed class StatementModel(ReadPartnerStatement statements) : PageModel
{
    public PartnerStatement? Statement { get; private set; }

    public async Task<IActionResult> OnGetAsync(string period, CancellationToken cancellationToken)
    {
        if (await ReadAsync(period, cancellationToken) is { } problem)
        {
            return problem;
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string period, CancellationToken cancellationToken) =>
        await ReadAsync(period, cancellationToken) ?? File(StatementFile.Build(Statement!), StatementFile.ContentType, StatementFile.NameOf(Statement!));

    private async Task<IActionResult?> ReadAsync(string period, CancellationToken cancellationToken)
    {
        switch (await statements.ExecuteAsync(User.PartnerOf()!, period, cancellationToken))
        {
            case ReadStatementOutcome.Found found:
                Statement = found.Statement;
                return null;
            case ReadStatementOutcome.InvalidPeriod:
                return BadRequest();
            default:
                return NotFound();
        }
    }
}
