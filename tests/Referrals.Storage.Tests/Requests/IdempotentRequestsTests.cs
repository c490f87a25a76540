using Referrals.Storage.Requests;

namespace Referrals.Storage.Tests.Requests;

/// <summary>Claiming idempotency keys: once, again with the kept answer, not for another request, anew after a day.</summary>
public sealed class IdempotentRequestsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IdempotentAnswer Created = new(201, "application/json; charset=utf-8", "/api/v1/programs/prg_1", """{"id":"prg_1"}"""u8.ToArray());

    [Fact]
    public async Task A_key_is_claimed_once_and_its_retries_wait_for_the_first_answer()
    {
        var requests = new TableIdempotentRequests(await azurite.CreateAccountAsync());

        var first = await requests.ClaimAsync("key1", "body-a", Now, default);
        var duringFirst = await requests.ClaimAsync("key1", "body-a", Now.AddSeconds(1), default);
        await requests.CompleteAsync("key1", "body-a", Now, Created, default);
        var afterFirst = await requests.ClaimAsync("key1", "body-a", Now.AddSeconds(2), default);

        Assert.IsType<IdempotentClaim.Claimed>(first);
        Assert.IsType<IdempotentClaim.InProgress>(duringFirst);
        var answered = Assert.IsType<IdempotentClaim.Answered>(afterFirst);
        Assert.Equal(Created.Status, answered.Answer.Status);
        Assert.Equal(Created.Location, answered.Answer.Location);
        Assert.Equal(Created.ContentType, answered.Answer.ContentType);
        Assert.Equal(Created.Body, answered.Answer.Body);
    }

    [Fact]
    public async Task A_key_used_for_another_request_is_a_mismatch()
    {
        var requests = new TableIdempotentRequests(await azurite.CreateAccountAsync());
        await requests.ClaimAsync("key2", "body-a", Now, default);
        await requests.CompleteAsync("key2", "body-a", Now, Created, default);

        Assert.IsType<IdempotentClaim.Mismatch>(await requests.ClaimAsync("key2", "body-b", Now.AddMinutes(5), default));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_let_exactly_one_through()
    {
        var requests = new TableIdempotentRequests(await azurite.CreateAccountAsync());

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => requests.ClaimAsync("key3", "body-a", Now, default)));

        Assert.Single(claims.OfType<IdempotentClaim.Claimed>());
        Assert.Equal(9, claims.OfType<IdempotentClaim.InProgress>().Count());
    }

    [Fact]
    public async Task A_key_is_new_again_after_a_day_and_a_released_key_at_once()
    {
        var requests = new TableIdempotentRequests(await azurite.CreateAccountAsync());
        await requests.ClaimAsync("key4", "body-a", Now, default);
        await requests.CompleteAsync("key4", "body-a", Now, Created, default);
        await requests.ClaimAsync("key5", "body-a", Now, default);
        await requests.ReleaseAsync("key5", default);

        Assert.IsType<IdempotentClaim.Answered>(await requests.ClaimAsync("key4", "body-a", Now + TableIdempotentRequests.Lifetime - TimeSpan.FromSeconds(1), default));
        Assert.IsType<IdempotentClaim.Claimed>(await requests.ClaimAsync("key4", "body-b", Now + TableIdempotentRequests.Lifetime, default));
        Assert.IsType<IdempotentClaim.Claimed>(await requests.ClaimAsync("key5", "body-b", Now, default));
    }

    [Fact]
    public async Task A_claim_whose_request_never_finished_is_taken_over_by_its_retry()
    {
        var requests = new TableIdempotentRequests(await azurite.CreateAccountAsync());
        await requests.ClaimAsync("key6", "body-a", Now, default);

        Assert.IsType<IdempotentClaim.InProgress>(await requests.ClaimAsync("key6", "body-a", Now + TableIdempotentRequests.AbandonedAfter - TimeSpan.FromSeconds(1), default));
        Assert.IsType<IdempotentClaim.Claimed>(await requests.ClaimAsync("key6", "body-a", Now + TableIdempotentRequests.AbandonedAfter, default));
    }
}
