using System.Text.Json;
using Referrals.Storage.Email;
using Referrals.Storage.Events;

namespace Referrals.Storage.Tests.Events;

public sealed class DeadLetterWriterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_message_too_large_to_wrap_whole_goes_to_the_poison_queue_cut_and_its_dead_letter_keeps_it_whole()
    {
        var account = await azurite.CreateAccountAsync();
        await account.EnsureCreatedAsync(default);

        // Under a queue message's 64 KB, but every escaped quote doubles when the message is wrapped as a JSON string.
        var text = $$"""{"programId":"prg_big","subject":"{{new string('"', 30_000).Replace("\"", "\\\"", StringComparison.Ordinal)}}"}""";
        var letter = await new DeadLetterWriter(account, TimeProvider.System).MoveAsync(QueueEmailOutbox.Topic, text, new InvalidOperationException("refused"), 5, default);

        var poison = (await account.GetPoisonQueueClient(QueueEmailOutbox.Topic).ReceiveMessageAsync()).Value;
        using var wrapped = JsonDocument.Parse(poison.Body.ToString());
        Assert.True(wrapped.RootElement.GetProperty("truncated").GetBoolean());
        Assert.StartsWith(wrapped.RootElement.GetProperty("message").GetString()!, text, StringComparison.Ordinal);
        var listed = Assert.Single(await new DeadLetterQueue(account).ListAsync("prg_big", null, 10, default));
        Assert.Equal((letter.Id, text), (listed.Id, listed.Message));
    }
}
