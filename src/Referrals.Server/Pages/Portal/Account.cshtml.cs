using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Referrals.Api.Security;
using Referrals.Core.Partners;
using Referrals.Core.Validation;

namespace Referrals.Server.Pages.Portal;

/// <summary>
/// The partner's profile and payout details, edited by the partner. The partner comes from the session
/// only; the details are shown masked, never in full, and each change is audited and the partner told.
/// </summary>
public sealed class AccountModel(IPartnerStore partners, IPartnerProfileStore profiles, IPayoutDetailsStore details, UpdatePayoutDetails update, TimeProvider time) : PageModel
{
    private const int ChangesShown = 10;

    public Partner? Partner { get; private set; }

    public PayoutDetails? Details { get; private set; }

    public IReadOnlyList<PayoutDetailsChange> Changes { get; private set; } = [];

    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Notice { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Website { get; set; }

    [BindProperty]
    public string? Channels { get; set; }

    [BindProperty]
    public string? Country { get; set; }

    [BindProperty]
    public string? Method { get; set; }

    [BindProperty]
    public string? PayPalEmail { get; set; }

    [BindProperty]
    public string? Iban { get; set; }

    [BindProperty]
    public string? AccountHolder { get; set; }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var profile = await profiles.GetAsync(Partner!.Id, cancellationToken);
        Name = profile?.Name ?? Partner.Name;
        Website = profile?.Website;
        Channels = profile?.Channels;
        Country = profile?.Country;
        return Page();
    }

    public async Task<IActionResult> OnPostProfileAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var draft = new PartnerProfileDraft(Name, Website, Channels, Country);
        var errors = draft.Validate();
        if (!errors.IsEmpty)
        {
            return Refused(errors);
        }

        var profile = draft.ToProfile(Partner!.Id, time.GetUtcNow());
        await profiles.SaveAsync(profile, cancellationToken);
        Partner = Partner with { Name = profile.Name };
        Notice = "Your profile is saved.";
        return Page();
    }

    public async Task<IActionResult> OnPostPayoutAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var profile = await profiles.GetAsync(Partner!.Id, cancellationToken);
        Name = profile?.Name ?? Partner.Name;
        Website = profile?.Website;
        Channels = profile?.Channels;
        Country = profile?.Country;
        PayoutMethod? method = Method switch
        {
            "paypal" => PayoutMethod.PayPal,
            "bank" => PayoutMethod.Bank,
            "wise" => PayoutMethod.Wise,
            _ => null,
        };
        var draft = method == PayoutMethod.PayPal
            ? new PayoutDetailsDraft(method, PayPalEmail)
            : new PayoutDetailsDraft(method, Iban: Iban, AccountHolder: AccountHolder);
        switch (await update.ExecuteAsync(Partner.Id, draft, CallerName.Of(User), cancellationToken))
        {
            case UpdatePayoutDetailsOutcome.Updated updated:
                Details = updated.Details;
                Changes = await details.ListChangesAsync(Partner.Id, ChangesShown, cancellationToken);
                PayPalEmail = Iban = AccountHolder = null;
                Notice = "Your payout details are saved.";
                return Page();
            case UpdatePayoutDetailsOutcome.Invalid invalid:
                return Refused(invalid.Errors);
            default:
                return NotFound();
        }
    }

    private PageResult Refused(ValidationErrors errors)
    {
        Errors = errors.ToDictionary();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Partner = await partners.GetAsync(User.PartnerOf()!, cancellationToken);
        if (Partner is null)
        {
            return false;
        }

        Details = await details.GetAsync(Partner.Id, cancellationToken);
        Changes = await details.ListChangesAsync(Partner.Id, ChangesShown, cancellationToken);
        return true;
    }
}
