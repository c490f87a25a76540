using Microsoft.Extensions.Logging;
using Referrals.Core.Commissions;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Core.Links;
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
/// </summary>
public sealed partial class AttributeConversion(
    IConversionStore conversions,
    IProgramStore programs,
    IPartnerStore partners,
    IClickLog clicks,
    IReferralCodeStore codes,
    ICommissionStore commissions,
    IStatsStore stats,
    TimeProvider time,
    ILogger<AttributeConversion> logger) : IEventHandler<ConversionReceived>
{
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

        var program = await programs.GetAsync(conversion.ProgramId, cancellationToken)
            ?? throw new InvalidOperationException($"Program {conversion.ProgramId} of conversion {conversion.Id} does not exist.");
        var evidence = await GatherEvidenceAsync(conversion, cancellationToken);
        var decision = AttributionPolicy.Decide(conversion, program, evidence, time.GetUtcNow());

        string? commissionId = null;
        if (decision.PartnerId is { } partnerId)
        {
            var quote = CommissionCalculator.Calculate(program.Plan, conversion);
            if (quote is not null)
            {
                commissionId = Commission.IdFor(conversion.Id);
                await commissions.TryCreateAsync(
                    new Commission(commissionId, program.Id, partnerId, conversion.Id, CommissionStatus.Pending, quote.Amount, quote.Base, quote.Rule, quote.Rate, quote.Explanation, time.GetUtcNow()),
                    cancellationToken);
            }

            var isSale = conversion.Type == ConversionType.Sale;
            await stats.ApplyAsync(
                partnerId,
                conversion.Id,
                [
                    new StatsDelta(
                        DateOnly.FromDateTime(conversion.OccurredAt.UtcDateTime),
                        Leads: isSale ? 0 : 1,
                        Sales: isSale ? 1 : 0,
                        Revenue: isSale ? conversion.Amount.Amount : 0,
                        Earnings: quote?.Amount.Amount ?? 0),
                ],
                cancellationToken);
        }

        await conversions.SaveAttributionAsync(conversion with { Attribution = decision, CommissionId = commissionId }, cancellationToken);
    }

    private async Task<AttributionEvidence> GatherEvidenceAsync(Conversion conversion, CancellationToken cancellationToken)
    {
        Click? click = null;
        if (conversion.ClickId is not null && ClickId.TryParse(conversion.ClickId, out var clickId))
        {
            click = await clicks.GetAsync(clickId, cancellationToken);
        }

        var code = conversion.Code is null || !ReferralCode.IsWellFormed(conversion.Code)
            ? null
            : await codes.GetAsync(conversion.ProgramId, conversion.Code, cancellationToken);

        var found = new Dictionary<string, Partner>(StringComparer.Ordinal);
        foreach (var partnerId in new[] { click?.PartnerId, code?.PartnerId }.OfType<string>().Distinct())
        {
            if (await partners.GetAsync(partnerId, cancellationToken) is { } partner)
            {
                found[partnerId] = partner;
            }
        }

        return new AttributionEvidence(click, code, found);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversion {ConversionId} to attribute does not exist; the message is dropped")]
    private static partial void LogUnknownConversion(ILogger logger, string conversionId);
}
