namespace Referrals.Core.Partners;

/// <summary>Which of a program's partners a list shows: by status, by type, and a search in name and e-mail (any case).</summary>
public sealed record PartnerFilter(PartnerStatus? Status = null, PartnerType? Type = null, string? Search = null)
{
    public bool Matches(Partner partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return (Status is null || partner.Status == Status)
            && (Type is null || partner.Type == Type)
            && (string.IsNullOrWhiteSpace(Search)
                || partner.Name.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase)
                || partner.Email.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
