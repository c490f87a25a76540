using Referrals.Api.Formatting;
using Referrals.Api.Http;
using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>
/// How a decision link's refusals are said, once for every host: the server's link page shows them, the
/// Functions app's decision callback answers them as problems.
/// </summary>
public static class DecisionLinkAnswers
{
    public static DecisionLinkRefusal Expired { get; } =
        new(StatusCodes.Status410Gone, "Link expired", "This decision link has expired: the run's deadline has passed.");

    public static DecisionLinkRefusal AlreadyUsed { get; } =
        new(StatusCodes.Status410Gone, "Link already used", "This decision link has been used; each link decides once.");

    public static DecisionLinkRefusal Invalid { get; } =
        new(StatusCodes.Status400BadRequest, "Invalid link", "This decision link is not valid: it was changed or was never issued here.");

    /// <summary>The refusal of a link that may only take the other decision.</summary>
    public static DecisionLinkRefusal WrongDecision(PayoutDecisionKind allowed) =>
        new(StatusCodes.Status400BadRequest, "Wrong decision", $"This link can only {Format.Lower(allowed)} the run.");

    /// <summary>The refusal of an outcome in which the link decided nothing (never for <see cref="LinkDecisionOutcome.Answered"/>).</summary>
    public static DecisionLinkRefusal RefusalOf(LinkDecisionOutcome outcome) => outcome switch
    {
        LinkDecisionOutcome.WrongDecision wrong => WrongDecision(wrong.Allowed),
        LinkDecisionOutcome.AlreadyUsed => AlreadyUsed,
        LinkDecisionOutcome.Expired => Expired,
        _ => Invalid,
    };

    /// <summary>The problem answer to an outcome that is not a decision the run took.</summary>
    public static IResult Refused(LinkDecisionOutcome outcome) => outcome switch
    {
        LinkDecisionOutcome.Answered { Result: PayoutDecisionResult.Invalid invalid } => Problems.Invalid(invalid.Errors),
        LinkDecisionOutcome.Answered answered => PayoutsApi.Refused(answered.Result, answered.RunId),
        var refused => Problem(RefusalOf(refused)),
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(DecisionLinkRefusal refusal) => Problems.Status(refusal.Status, refusal.Title, refusal.Detail);
}
