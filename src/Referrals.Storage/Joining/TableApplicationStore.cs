using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Referrals.Core.Joining;

namespace Referrals.Storage.Joining;

/// <summary>
/// Applications in the <c>Applications</c> table: PartitionKey = program id, the application in row
/// <c>a:{applicationId}</c> and, added in the same transaction, the row <c>e:{SHA-256 of the address}</c>,
/// so a second application from one address fails as a whole and stores nothing (and no address is a key).
/// </summary>
public sealed class TableApplicationStore(StorageAccount account) : IApplicationStore
{
    /// <summary>The most applications one listing reads before sorting them by time.</summary>
    private const int MaxScanned = 5_000;

    private readonly TableClient _table = account.GetTableClient("Applications");

    public async Task<bool> TryCreateAsync(Application application, string normalizedEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentException.ThrowIfNullOrEmpty(normalizedEmail);
        TableKeys.Require(application.ProgramId, nameof(application));
        var emailRow = new TableEntity(application.ProgramId, "e:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail))))
            .With("ApplicationId", application.Id);
        try
        {
            await _table.SubmitTransactionAsync(
                [new(TableTransactionActionType.Add, emailRow), new(TableTransactionActionType.Add, ToEntity(application))],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    public async Task<Application?> GetAsync(string programId, string applicationId, CancellationToken cancellationToken)
    {
        if (!TableKeys.IsValid(programId) || !TableKeys.IsValid(applicationId))
        {
            return null;
        }

        var row = await _table.GetEntityIfExistsAsync<TableEntity>(programId, Row(applicationId), cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Application>> ListAsync(string programId, ApplicationStatus? status, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (!TableKeys.IsValid(programId))
        {
            return [];
        }

        var filter = status is { } wanted
            ? TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {"a:"} and RowKey lt {"a;"} and Status eq {wanted.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {"a:"} and RowKey lt {"a;"}");
        var found = new List<Application>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
            if (found.Count == MaxScanned)
            {
                break;
            }
        }

        return [.. found.OrderBy(application => application.SubmittedAt).ThenBy(application => application.Id, StringComparer.Ordinal).Take(max)];
    }

    public async Task<bool> TryDecideAsync(Application decided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(decided.ProgramId, Row(decided.Id), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.RequiredEnum<ApplicationStatus>("Status") != ApplicationStatus.Pending)
        {
            return false;
        }

        try
        {
            await _table.UpdateEntityAsync(ToEntity(decided), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return false;
        }
    }

    private static string Row(string applicationId) => "a:" + applicationId;

    private static TableEntity ToEntity(Application application) =>
        new TableEntity(application.ProgramId, Row(application.Id))
            .With("Name", application.Name)
            .With("Email", application.Email)
            .With("Website", application.Website)
            .With("Country", application.Country)
            .With("Message", application.Message)
            .With("TermsVersion", application.TermsVersion)
            .With("TermsSha256", application.TermsSha256)
            .With("AddressHash", application.AddressHash)
            .With("SubmittedAt", application.SubmittedAt)
            .With("Status", application.Status.ToString())
            .With("DecidedBy", application.DecidedBy)
            .With("Reason", application.Reason)
            .With("DecidedAt", application.DecidedAt)
            .With("PartnerId", application.PartnerId);

    private static Application FromEntity(TableEntity entity) => new(
        entity.RowKey[2..],
        entity.PartitionKey,
        entity.RequiredString("Name"),
        entity.RequiredString("Email"),
        entity.GetString("Website"),
        entity.GetString("Country"),
        entity.GetString("Message"),
        entity.RequiredInt("TermsVersion"),
        entity.RequiredString("TermsSha256"),
        entity.RequiredString("AddressHash"),
        entity.RequiredTime("SubmittedAt"),
        entity.RequiredEnum<ApplicationStatus>("Status"),
        entity.GetString("DecidedBy"),
        entity.GetString("Reason"),
        entity.GetDateTimeOffset("DecidedAt"),
        entity.GetString("PartnerId"));
}
