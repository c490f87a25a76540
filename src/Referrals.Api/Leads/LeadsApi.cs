using Microsoft.AspNetCore.Http.HttpResults;
using Referrals.Core.Leads;
using Referrals.Api.Http;
using Referrals.Api.Security;

namespace Referrals.Api.Leads;

/// <summary>Registering a customer for a partner before the sale.</summary>
public static class LeadsApi
{
    public static RouteGroupBuilder MapLeadsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/programs/{programId}/leads", RegisterAsync).WithName("RegisterLead").Accepts<LeadDraft>("application/json").WithTags("Leads").AllowRoles(EndpointRoles.RegisterLead).WithRequestBudget().WithIdempotencyKey().RefusesArchivedProgram();
        return api;
    }

    /// <summary>
    /// Registers a customer (by <c>customerId</c>, <c>email</c> or both) for <c>partnerId</c>: a later
    /// conversion of that customer with no click or code is credited to the partner. The e-mail is kept
    /// only as a keyed hash. 409 when another partner registered the customer first, or the program is archived.
    /// </summary>
    public static async Task<Results<Created<LeadResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        string programId, HttpRequest request, RegisterLead registerLead, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<LeadDraft>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        return await registerLead.ExecuteAsync(programId, body.Value!, cancellationToken) switch
        {
            RegisterLeadOutcome.Registered registered => TypedResults.Created((string?)null, LeadResponse.From(registered.Lead)),
            RegisterLeadOutcome.AlreadyRegistered => Problems.Conflict("This customer is already registered as a lead of another partner; the first registration keeps it."),
            RegisterLeadOutcome.Invalid invalid => Problems.Invalid(invalid.Errors),
            RegisterLeadOutcome.PartnerNotFound => Problems.PartnerNotFound(body.Value!.PartnerId!),
            RegisterLeadOutcome.ProgramArchived => Problems.ProgramArchived(programId),
            _ => Problems.ProgramNotFound(programId),
        };
    }
}
