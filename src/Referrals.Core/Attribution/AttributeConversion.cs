using Microsoft.Extensions.Logging;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Groups;
using Referrals.Core.Leads;
using Referrals.Core.Links;
using Referrals.Core.OutboundWebhooks;
using Referrals.Core.Partners;
using Referrals.Core.Programs;
using Referrals.Core.Stats;
using Referrals.Core.Tracking;

namespace Referrals.Core.Attribution;

/// <summary>
/// The attribution worker's use case: load the evidence, decide, write the commission, count the
/// conversion in the partner's stats, and record the decision on the conversion. Every write is
/// idempotent (commission id from conversion id, stats keyed by conversion id), and the decision is
/// saved last, so a message delivered again after a crash finishes the work without doubling it.
/// A refund, chargeback or reinstatement goes to the partner of the payment it changes and adjusts
/// that payment's commission pro rata (<see cref="CommissionReversal"/>); when that payment is still
/// waiting for its own attribution, the message fails and comes back later.
/// </summary>
/// <remarks>
/// A sale or renewal credited by click, code or registered lead locks the customer to its partner
/// (insert-if-absent: the first partner keeps the customer), so later renewals without click or code
/// stay with that partner. A conversion a fraud check flags (<see cref="FraudChecks"/>) gets a
/// <see cref="CommissionStatus.Flagged"/> commission that waits for a manager's review, and does not
/// lock the customer.
/// <para>
/// Providers do not deliver in order, and a batch of messages is handled concurrently, so some conversions
/// wait (<see cref="AttributionPendingException"/>, bounded by <see cref="AttributionWaits"/> from when the
/// conversion was received): a refund or dispute whose payment is not known yet, and a renewal (or a sale
/// without click or code) of an unlocked customer whose earlier sale is recorded but not attributed yet,
/// since that sale may lock the customer. A renewal of a customer with no sale on record waits a little
/// too, in case the sale was sent just after it.
/// </para>
/// </remarks>
public sealed partial class AttributeConversion(
    IConversionStore conversions,
    IProgramStore programs,
    IPartnerStore partners,
    IClickLog clicks,
    IReferralCodeStore codes,
    ICommissionStore commissions,
    IStatsStore stats,
    ICustomerLockStore locks,
    ILeadStore leads,
    TimeProvider time,
    ILogger<AttributeConversion> logger,
    VisitorHasher? hasher = null,
    AttributionWaits? waits = null,
    IWebhookOutbox? webhooks = null,
    ResolvePlan? plans = null) : IEventHandler<ConversionReceived>
{
    /// <summary>The most sales of one customer looked at when deciding whether a first sale is in flight.</summary>
    private const int MaxSalesLookedAt = 20;

    private readonly AttributionWaits _waits = waits ?? AttributionWaits.Default;

    public async Task HandleAsync(ConversionReceived @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var conversion = await conversions.GetAsync(@event.ProgramId, @event.ConversionId, cancellationToken);
        if (conversion is null)
        {
            LogUnknownConversion(logger, @event.ConversionId);
            return;
        }

        if (conversion.Attribution is not null)
        {
            return;
        }

        if (conversion.Type.IsAdjustment())
        {
            await AdjustAsync(conversion, cancellationToken);
            return;
        }

        var program = await programs.GetAsync(conversion.ProgramId, cancellationToken)
            ?? throw new InvalidOperationException($"Program {conversion.ProgramId} of conversion {conversion.Id} does not exist.");
        var evidence = await GatherEvidenceAsync(conversion, program, cancellationToken);
        var decision = AttributionPolicy.Decide(conversion, program, evidence, time.GetUtcNow());
        if (evidence.CustomerLock is null && decision.Method is not (AttributionMethod.Click or AttributionMethod.ReferralCode))
        {
            await WaitForFirstSaleAsync(conversion, cancellationToken);
        }

        if (decision.PartnerId is { } creditedId && evidence.Partners.TryGetValue(creditedId, out var credited))
        {
            var flags = FraudChecks.Check(
                conversion,
                credited,
                hasher is null ? null : CustomerEmail.Hash(hasher, credited.Email),
                decision.Method == AttributionMethod.Click ? evidence.Click : null);
            if (flags.Count > 0)
            {
                decision = decision with { Flag = "Held for review: " + string.Join("; ", flags) + "." };
            }
        }

        string? commissionId = null;
        var events = new List<WebhookEvent>();
        if (decision.PartnerId is { } partnerId)
        {
            // A renewal's month counts from the customer's first attributed sale, kept by the customer lock.
            // The plan of the partner's group in force when the conversion arrived: a later change does not reach back.
            var inForce = plans is null
                ? null
                : evidence.LockPlan is { } lockPlan && evidence.CustomerLock?.PartnerId == partnerId
                    ? lockPlan
                    : await plans.ExecuteAsync(program, partnerId, conversion.ReceivedAt, cancellationToken);
            var plan = inForce?.Plan ?? program.Plan;
            var calculation = CommissionCalculator.Decide(plan, conversion, customerSince: evidence.CustomerLock?.LockedAt);
            var quote = calculation.Quote;
            if (quote is null)
            {
                decision = decision with { Reason = $"{decision.Reason} {calculation.Reason}" };
            }
            else
            {
                commissionId = Commission.IdFor(conversion.Id);
                var earned = new Commission(commissionId, program.Id, partnerId, conversion.Id, decision.IsFlagged ? CommissionStatus.Flagged : CommissionStatus.Pending, quote.Amount, quote.Base, quote.Rule, quote.Rate, inForce?.Explain(quote.Explanation) ?? quote.Explanation, time.GetUtcNow(), PlanVersion: quote.PlanVersion);
                await commissions.TryCreateAsync(earned, cancellationToken);
                events.Add(CommissionEventData.Event(WebhookEventTypes.CommissionCreated, earned, time.GetUtcNow()));
                if (earned.Status == CommissionStatus.Flagged)
                {
                    events.Add(CommissionEventData.Event(WebhookEventTypes.CommissionFlagged, earned, time.GetUtcNow()));
                }

                if (plan.SecondTierPercent is { } share
                    && evidence.Partners.TryGetValue(partnerId, out var earner)
                    && earner.IntroducedBy is { } introducerId
                    && introducerId != partnerId
                    && SecondTier.Decide(earned, introducerId, earner.Name, share) is { } secondTier)
                {
                    await commissions.TryCreateAsync(secondTier, cancellationToken);
                    events.Add(CommissionEventData.Event(WebhookEventTypes.CommissionCreated, secondTier, time.GetUtcNow()));
                    await stats.ApplyAsync(introducerId, conversion.Id, [new StatsDelta(DateOnly.FromDateTime(conversion.OccurredAt.UtcDateTime), Earnings: secondTier.Amount.Amount)], cancellationToken);
                }
            }

            // A renewal adds revenue and earnings but is not a new sale: sales per click stays a conversion rate.
            var isPayment = conversion.Type.IsPayment();
            await stats.ApplyAsync(
                partnerId,
                conversion.Id,
                [
                    new StatsDelta(
                        DateOnly.FromDateTime(conversion.OccurredAt.UtcDateTime),
                        Leads: conversion.Type == ConversionType.Lead ? 1 : 0,
                        Sales: conversion.Type == ConversionType.Sale ? 1 : 0,
                        Revenue: isPayment ? conversion.Amount.Amount : 0,
                        Earnings: quote?.Amount.Amount ?? 0),
                ],
                cancellationToken);
        }

        if (decision is { PartnerId: { } lockedTo, IsFlagged: false, Method: AttributionMethod.Click or AttributionMethod.ReferralCode or AttributionMethod.RegisteredLead }
            && conversion.Type is ConversionType.Sale or ConversionType.Renewal
            && conversion.CustomerId.Length > 0)
        {
            await locks.LockAsync(new CustomerLock(program.Id, conversion.CustomerId, lockedTo, conversion.OccurredAt, conversion.Id), cancellationToken);
        }

        // The shop's events are recorded before the decision is saved: a retry after a crash records them
        // again under the same webhook ids instead of losing them.
        events.Add(ConversionEventData.Event(conversion, decision, commissionId, time.GetUtcNow()));
        await RecordAsync(events, cancellationToken);
        await conversions.SaveAttributionAsync(conversion with { Attribution = decision, CommissionId = commissionId }, cancellationToken);
    }

    private async Task RecordAsync(IEnumerable<WebhookEvent> events, CancellationToken cancellationToken)
    {
        if (webhooks is null)
        {
            return;
        }

        foreach (var webhookEvent in events)
        {
            await webhooks.RecordAsync(webhookEvent, cancellationToken);
        }
    }

    private async Task AdjustAsync(Conversion conversion, CancellationToken cancellationToken)
    {
        var what = conversion.Type.ToString().ToLowerInvariant();
        var reference = conversion.OriginalPaymentReference;
        var payment = reference is null
            ? null
            : await conversions.FindByPaymentReferenceAsync(conversion.ProgramId, conversion.Source, reference, cancellationToken);
        if (payment is null)
        {
            if (reference is not null && Age(conversion) < _waits.ForPayment)
            {
                throw new OriginalPaymentPendingException($"Conversion {conversion.Id} changes payment '{reference}', which is not known yet (its sale or the provider's link to it may still come); retry later.");
            }

            await DecideAsync(conversion, AttributionMethod.Unattributed, null, null, $"The payment '{reference}' this {what} changes is not known to this program (never reported, or reported before the integration was set up).", cancellationToken);
            return;
        }

        if (payment.Attribution is null)
        {
            throw new OriginalPaymentPendingException(payment.Id, conversion.Id);
        }

        if (payment.Attribution.PartnerId is not { } partnerId)
        {
            await DecideAsync(conversion, AttributionMethod.Unattributed, null, null, $"The payment '{reference}' this {what} changes was not attributed to a partner, so no commission changes.", cancellationToken);
            return;
        }

        // A refund recorded before its payment was converted at its own day's rate; it takes the payment's now.
        if (payment.Exchange is { } saleExchange
            && conversion.Exchange is { } ownExchange
            && ownExchange.Original.Currency == saleExchange.Original.Currency
            && ownExchange != saleExchange with { Original = ownExchange.Original })
        {
            conversion = conversion.ConvertedBy(saleExchange with { Original = ownExchange.Original }, conversion.Amount.Currency);
        }

        if (payment.CommissionId is not { } commissionId)
        {
            await DecideAsync(conversion, AttributionMethod.OriginalPayment, partnerId, null, $"The payment '{reference}' this {what} changes was credited to partner {partnerId} but earned no commission, so none changes.", cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        var entry = await commissions.AdjustAsync(
                partnerId,
                commissionId,
                Commission.IdFor(conversion.Id),
                commission => CommissionReversal.Decide(commission, payment, conversion, now),
                cancellationToken)
            ?? throw new InvalidOperationException($"Commission {commissionId} of conversion {payment.Id} does not exist.");

        // The change lands on the day of the refund: revenue and earnings go down then, as in a ledger.
        await stats.ApplyAsync(
            partnerId,
            conversion.Id,
            [new StatsDelta(DateOnly.FromDateTime(conversion.OccurredAt.UtcDateTime), Revenue: entry.Base.Amount, Earnings: entry.Amount.Amount)],
            cancellationToken);

        // The introducer's second-tier commission is the same share of the same payment: it is reversed alongside.
        if (await partners.GetAsync(partnerId, cancellationToken) is { IntroducedBy: { } introducerId }
            && await commissions.AdjustAsync(
                introducerId,
                SecondTier.IdFor(commissionId),
                SecondTier.IdFor(entry.Id),
                secondTier => SecondTier.Adjust(secondTier, payment, conversion, now),
                cancellationToken) is { } secondTierEntry)
        {
            await stats.ApplyAsync(
                introducerId,
                conversion.Id,
                [new StatsDelta(DateOnly.FromDateTime(conversion.OccurredAt.UtcDateTime), Earnings: secondTierEntry.Amount.Amount)],
                cancellationToken);
        }
        if (entry.Amount.Amount < 0)
        {
            await RecordAsync([CommissionEventData.Event(WebhookEventTypes.CommissionReversed, entry, now)], cancellationToken);
        }

        await DecideAsync(
            conversion,
            AttributionMethod.OriginalPayment,
            partnerId,
            entry.Id,
            $"This {what} changes payment '{reference}' (conversion {payment.Id}), credited to partner {partnerId}; its commission is adjusted pro rata.",
            cancellationToken);
    }

    /// <summary>
    /// Throws <see cref="FirstSalePendingException"/> while a sale that may lock <paramref name="conversion"/>'s
    /// customer is recorded but not attributed (or, for a renewal, while no sale is on record yet), within the waits.
    /// </summary>
    /// <remarks>
    /// A renewal waits for any of the customer's sales; a sale waits only for sales before it (by time, then
    /// id), so two sales never wait for each other.
    /// </remarks>
    private async Task WaitForFirstSaleAsync(Conversion conversion, CancellationToken cancellationToken)
    {
        if (conversion.Type is not (ConversionType.Renewal or ConversionType.Sale) || conversion.CustomerId.Length == 0)
        {
            return;
        }

        var age = Age(conversion);
        if (age >= _waits.ForFirstSale && age >= _waits.ForUnknownFirstSale)
        {
            return;
        }

        var sales = (await conversions.ListSalesOfCustomerAsync(conversion.ProgramId, conversion.CustomerId, MaxSalesLookedAt, cancellationToken))
            .Where(sale => sale.Id != conversion.Id && (conversion.Type == ConversionType.Renewal || Precedes(sale, conversion)))
            .ToList();
        if (age < _waits.ForFirstSale && sales.Find(sale => sale.Attribution is null) is { } pending)
        {
            throw new FirstSalePendingException($"Conversion {conversion.Id} waits for the attribution of its customer's sale {pending.Id}, which may lock the customer; retry later.");
        }

        if (conversion.Type == ConversionType.Renewal && sales.Count == 0 && age < _waits.ForUnknownFirstSale)
        {
            throw new FirstSalePendingException($"Renewal {conversion.Id} has no sale of its customer on record yet; it waits briefly in case the sale is on its way.");
        }
    }

    private static bool Precedes(Conversion sale, Conversion other) =>
        sale.OccurredAt < other.OccurredAt || (sale.OccurredAt == other.OccurredAt && string.CompareOrdinal(sale.Id, other.Id) < 0);

    private TimeSpan Age(Conversion conversion) => time.GetUtcNow() - conversion.ReceivedAt;

    private async Task DecideAsync(Conversion conversion, AttributionMethod method, string? partnerId, string? commissionId, string reason, CancellationToken cancellationToken)
    {
        var decision = new AttributionDecision(method, partnerId, null, reason, time.GetUtcNow());
        await RecordAsync([ConversionEventData.Event(conversion, decision, commissionId, decision.DecidedAt)], cancellationToken);
        await conversions.SaveAttributionAsync(conversion with { Attribution = decision, CommissionId = commissionId }, cancellationToken);
    }

    private async Task<AttributionEvidence> GatherEvidenceAsync(Conversion conversion, ReferralProgram program, CancellationToken cancellationToken)
    {
        Click? click = null;
        if (conversion.ClickId is not null && ClickId.TryParse(conversion.ClickId, out var clickId))
        {
            click = await clicks.GetAsync(clickId, cancellationToken);
        }

        var code = conversion.Code is null || !ReferralCode.IsWellFormed(conversion.Code)
            ? null
            : await codes.GetAsync(conversion.ProgramId, conversion.Code, cancellationToken);

        CustomerLock? customerLock = null;
        Lead? lead = null;
        if (conversion.CustomerId.Length > 0)
        {
            customerLock = await locks.GetAsync(conversion.ProgramId, conversion.CustomerId, cancellationToken);
            lead = await leads.FindByCustomerAsync(conversion.ProgramId, conversion.CustomerId, cancellationToken);
        }

        if (lead is null && conversion.CustomerEmailHash is { } emailHash)
        {
            lead = await leads.FindByEmailHashAsync(conversion.ProgramId, emailHash, cancellationToken);
        }

        var found = new Dictionary<string, Partner>(StringComparer.Ordinal);
        foreach (var partnerId in new[] { click?.PartnerId, code?.PartnerId, customerLock?.PartnerId, lead?.PartnerId }.OfType<string>().Distinct())
        {
            if (await partners.GetAsync(partnerId, cancellationToken) is { } partner)
            {
                found[partnerId] = partner;
            }
        }

        // The lock lasts as long as the plan that would pay the renewal says, resolved as its commission will be.
        var lockPlan = customerLock is not null && plans is not null
            ? await plans.ExecuteAsync(program, customerLock.PartnerId, conversion.ReceivedAt, cancellationToken)
            : null;
        return new AttributionEvidence(click, code, found, customerLock, lead, lockPlan);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversion {ConversionId} to attribute does not exist; the message is dropped")]
    private static partial void LogUnknownConversion(ILogger logger, string conversionId);
}
