namespace Referrals.Core.OutboundWebhooks;

/// <summary>
/// Something a program's endpoints are told about. <see cref="Id"/> is the <c>webhook-id</c> receivers
/// dedupe by: derived from the event type and the fact behind it (<see cref="IdFor"/>), so recording the
/// same fact again after a crash gives the same id and no second delivery. <see cref="Data"/> is a
/// record shaped like the API's answer for the same resource.
/// </summary>
public sealed record WebhookEvent(string Id, string Type, string ProgramId, DateTimeOffset Timestamp, object Data)
{
    /// <summary>The same id for the same type and subject (a commission id, a run id...), every time.</summary>
    public static string IdFor(string type, string subjectId) => Identifiers.Stable("msg", type, subjectId);
}
