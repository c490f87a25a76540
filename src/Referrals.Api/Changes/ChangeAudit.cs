using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Referrals.Core.Changes;
using Referrals.Storage.Changes;

namespace Referrals.Api.Changes;

/// <summary>
/// Writes a change to the audit trail: the caller, the time, and each field of the resource's API shape
/// whose value differs between before and after. Written once the change is stored, before it is
/// answered, so every acknowledged change has its record.
/// </summary>
public sealed class ChangeAudit(IChangeLog log, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public async Task RecordAsync<T>(
        HttpContext context, string programId, string resource, string resourceId, string action, T before, T after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = json.Value.SerializerOptions;
        var old = JsonSerializer.SerializeToNode(before, options) as JsonObject ?? [];
        var now = JsonSerializer.SerializeToNode(after, options) as JsonObject ?? [];
        var fields = old.Select(field => field.Key).Union(now.Select(field => field.Key), StringComparer.Ordinal)
            .Select(field => new FieldChange(field, old[field]?.ToJsonString(), now[field]?.ToJsonString()))
            .Where(change => change.Before != change.After)
            .ToArray();
        if (fields.Length == 0)
        {
            return;
        }

        var at = time.GetUtcNow();
        var actor = context.User.Identity?.Name ?? "unknown";
        await log.AppendAsync(new ChangeRecord(TableChangeLog.NewId(at), programId, resource, resourceId, action, actor, at, fields), cancellationToken);
    }
}
