using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Referrals.Core.Tracking;
using Referrals.Server.Tests.Infrastructure;

namespace Referrals.Server.Tests;

/// <summary>Durable mode: a 302 means the click is stored; a failed flush entry fails only its own requests.</summary>
public sealed class GroupCommitTests : ServerTest
{
    private readonly FailingClickLog _clicks = new();

    [Fact]
    public async Task Concurrent_clicks_are_all_stored_before_their_redirects()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var code = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;

        var clickIds = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => ApiClient.ClickAsync(Visitor, code)));

        Assert.Equal(200, clickIds.Distinct().Count());
        Assert.True(_clicks.Appends < 200, $"200 clicks took {_clicks.Appends} storage writes; group commit should need fewer.");
        foreach (var clickId in clickIds)
        {
            Assert.True(ClickId.TryParse(clickId, out var id));
            Assert.NotNull(await _clicks.Inner.GetAsync(id, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_failed_entry_answers_503_for_its_clicks_and_stores_none_of_them()
    {
        var programId = await Api.CreateProgramAsync();
        var partnerId = await Api.CreatePartnerAsync(programId);
        var broken = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        var healthy = (await Api.CreateLinkAsync(programId, partnerId)).GetProperty("code").GetString()!;
        _clicks.FailingLinkCode = broken;

        var brokenClicks = Enumerable.Range(0, 20).Select(_ => Visitor.GetAsync($"/r/{broken}")).ToArray();
        var healthyClicks = Enumerable.Range(0, 20).Select(_ => Visitor.GetAsync($"/r/{healthy}")).ToArray();
        var brokenAnswers = await Task.WhenAll(brokenClicks);
        var healthyAnswers = await Task.WhenAll(healthyClicks);

        Assert.All(brokenAnswers, response =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        });
        Assert.All(healthyAnswers, response => Assert.Equal(HttpStatusCode.Found, response.StatusCode));
        Assert.Equal(20, await StoredClicksAsync());
    }

    /// <summary>Clicks in the table: each flush entry holds <c>Count</c> of them.</summary>
    private async Task<long> StoredClicksAsync()
    {
        var table = new Azure.Data.Tables.TableClient(App.ConnectionString, App.Prefix + "Clicks");
        long clicks = 0;
        await foreach (var entry in table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["Count"]))
        {
            clicks += entry.GetInt32("Count") ?? 0;
        }

        return clicks;
    }

    protected override ReferralsApp CreateApp(Referrals.Storage.Tests.AzuriteFixture azurite) =>
        new(azurite, settings: new Dictionary<string, string?> { ["Referrals:Clicks:FlushWindow"] = "00:00:00.005" }, services: services =>
        {
            services.AddSingleton<IClickLog>(provider =>
            {
                _clicks.Inner = ActivatorUtilities.CreateInstance<Referrals.Storage.Tracking.TableClickLog>(provider);
                return _clicks;
            });
        });

    /// <summary>The real click table, except that writes for one chosen link fail as if storage refused them.</summary>
    private sealed class FailingClickLog : IClickLog
    {
        private int _appends;

        public IClickLog Inner { get; set; } = null!;

        public string? FailingLinkCode { get; set; }

        public int Appends => _appends;

        public int EntryCapacity => Inner.EntryCapacity;

        public int MaxSizeOf(ClickDraft click) => Inner.MaxSizeOf(click);

        public Task AppendAsync(IReadOnlyList<Click> clicks, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _appends);
            return clicks[0].LinkCode == FailingLinkCode
                ? Task.FromException(new Azure.RequestFailedException(500, "Injected storage failure"))
                : Inner.AppendAsync(clicks, cancellationToken);
        }

        public Task<Click?> GetAsync(ClickId id, CancellationToken cancellationToken) => Inner.GetAsync(id, cancellationToken);

        public IAsyncEnumerable<IReadOnlyList<Click>> FindUnprojectedAsync(DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken) =>
            Inner.FindUnprojectedAsync(from, before, cancellationToken);

        public Task MarkProjectedAsync(IReadOnlyList<ClickId> entries, CancellationToken cancellationToken) => Inner.MarkProjectedAsync(entries, cancellationToken);
    }
}
