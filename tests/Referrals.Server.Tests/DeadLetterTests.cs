using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Conversions;
using Referrals.Core.Events;
using Referrals.Server.Tests.Infrastructure;
using Referrals.Storage.Tests;
using Xunit.Abstractions;

namespace Referrals.Server.Tests;

/// <summary>A message whose handler always fails lands in the poison queue, is listed for its program, and can be retried.</summary>
public sealed class DeadLetterTests(ITestOutputHelper output) : ServerTest
{
    protected override ReferralsApp CreateApp(AzuriteFixture azurite) => new(
        azurite,
        new Dictionary<string, string?> { ["Referrals:Storage:MaxDequeueCount"] = "1" },
        services => services.AddSingleton<IEventHandler<ConversionReceived>, AlwaysFails>());

    private Task<JsonElement[]> DeadLettersAsync(string programId, Func<JsonElement[], bool> until) =>
        Eventually.ReturnsAsync(async () => (await Api.GetAsync($"/api/v1/programs/{programId}/dead-letters")).EnumerateArray().ToArray(), until);

    [Fact]
    public async Task Failing_message_is_listed_for_its_program_and_can_be_retried()
    {
        var programId = await Api.CreateProgramAsync();
        var otherProgramId = await Api.CreateProgramAsync();
        var conversionId = (await Api.RecordSaleAsync(programId, "order-1", 1_000)).GetProperty("conversionId").GetString()!;

        var letter = Assert.Single(await DeadLettersAsync(programId, letters => letters.Length > 0));
        output.WriteLine($"dead letter: {letter}");
        Assert.Equal("conversion-received", letter.GetProperty("topic").GetString());
        Assert.Contains(conversionId, letter.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("attribution is down", letter.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Api.GetAsync($"/api/v1/programs/{otherProgramId}/dead-letters")).EnumerateArray());

        var firstId = letter.GetProperty("id").GetString()!;
        await Api.PostAsync($"/api/v1/programs/{otherProgramId}/dead-letters/{firstId}/retry", new { }, HttpStatusCode.NotFound);
        await Api.PostAsync($"/api/v1/programs/{programId}/dead-letters/{firstId}/retry", new { }, HttpStatusCode.Accepted);

        // Retried, it fails again (the handler always does) and comes back as a new dead letter.
        var again = Assert.Single(await DeadLettersAsync(programId, letters => letters.Length == 1 && letters[0].GetProperty("id").GetString() != firstId));
        Assert.Contains(conversionId, again.GetProperty("message").GetString(), StringComparison.Ordinal);
        await Api.PostAsync($"/api/v1/programs/{programId}/dead-letters/{firstId}/retry", new { }, HttpStatusCode.NotFound);
    }

    private sealed class AlwaysFails : IEventHandler<ConversionReceived>
    {
        public Task HandleAsync(ConversionReceived @event, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("attribution is down");
    }
}
