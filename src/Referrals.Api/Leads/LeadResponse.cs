using Referrals.Core.Leads;

namespace Referrals.Api.Leads;

/// <summary>A registered lead; the e-mail is never echoed, only whether one was registered.</summary>
public sealed record LeadResponse(string ProgramId, string PartnerId, string? CustomerId, bool HasEmail, DateTimeOffset RegisteredAt)
{
    public static LeadResponse From(Lead lead) => new(lead.ProgramId, lead.PartnerId, lead.CustomerId, lead.EmailHash is not null, lead.RegisteredAt);
}
