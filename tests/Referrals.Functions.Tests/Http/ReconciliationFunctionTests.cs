using System.Globalization;
using Referrals.Functions.Http;
using Referrals.Functions.Tests.Infrastructure;

namespace Referrals.Functions.Tests.Http;

/// <summary>Reconciliations through the Functions app's HTTP functions, over the same handlers the server maps.</summary>
public sealed class ReconciliationFunctionTests(FunctionsApp app) : IClassFixture<FunctionsApp>
{
    private readonly FunctionsApi _api = new(app);

    private static string Export(string created) =>
        $"id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,PaymentIntent ID\nch_lost,{created},25.00,0.00,eur,Paid,cus_9,pi_lost\n";

    [Fact]
    public async Task An_export_is_reconciled_listed_read_downloaded_and_its_missing_payment_replayed_once()
    {
        var programId = await _api.CreateProgramAsync();
        var created = DateTimeOffset.UtcNow.AddMinutes(-2).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        var posted = await app.CallAsync<ReconciliationFunctions>(
            FunctionRequest.Post($"/api/v1/programs/{programId}/reconciliations", Export(created)).WithAdminKey() with { ContentType = "text/csv" },
            (functions, request) => functions.CreateAsync(request, programId));
        Assert.True(posted.Status == 201, $"CreateReconciliation answered {posted}");
        var id = posted.Json.GetProperty("id").GetString()!;
        var list = await app.CallAsync<ReconciliationFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/reconciliations").WithAdminKey(), (functions, request) => functions.ListAsync(request, programId));
        var read = await app.CallAsync<ReconciliationFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/reconciliations/{id}").WithAdminKey(), (functions, request) => functions.GetAsync(request, programId, id));
        var items = await app.CallAsync<ReconciliationFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/reconciliations/{id}/items?category=missing").WithAdminKey(), (functions, request) => functions.ListItemsAsync(request, programId, id));
        var file = await app.CallAsync<ReconciliationFunctions>(
            FunctionRequest.Get($"/api/v1/programs/{programId}/reconciliations/{id}/items.csv").WithAdminKey(), (functions, request) => functions.FileAsync(request, programId, id));
        var replay = await app.CallAsync<ReconciliationFunctions>(
            FunctionRequest.Post($"/api/v1/programs/{programId}/reconciliations/{id}/replay", string.Empty).WithAdminKey(), (functions, request) => functions.ReplayAsync(request, programId, id));
        var again = await app.CallAsync<ReconciliationFunctions>(
            FunctionRequest.Post($"/api/v1/programs/{programId}/reconciliations/{id}/replay", string.Empty).WithAdminKey(), (functions, request) => functions.ReplayAsync(request, programId, id));

        Assert.Equal(1, posted.Json.GetProperty("missing").GetInt64());
        Assert.Equal(id, list.Json[0].GetProperty("id").GetString());
        Assert.Equal(1, read.Json.GetProperty("missing").GetInt64());
        Assert.Equal("pi_lost", items.Json[0].GetProperty("paymentId").GetString());
        Assert.Equal("text/csv", file.ContentType);
        Assert.Contains("missing,pi_lost,2,", file.Body, StringComparison.Ordinal);
        Assert.Equal(1, replay.Json.GetProperty("created").GetArrayLength());
        Assert.Equal(0, again.Json.GetProperty("created").GetArrayLength());
        Assert.Equal(1, again.Json.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task A_malformed_row_is_answered_422_naming_its_line()
    {
        var programId = await _api.CreateProgramAsync();

        var answer = await app.CallAsync<ReconciliationFunctions>(
            FunctionRequest.Post($"/api/v1/programs/{programId}/reconciliations", Export("yesterday")).WithAdminKey() with { ContentType = "text/csv" },
            (functions, request) => functions.CreateAsync(request, programId));

        Assert.Equal(422, answer.Status);
        Assert.Equal(2, answer.Json.GetProperty("line").GetInt64());
    }
}
