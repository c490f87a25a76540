namespace Referrals.Core.OutboundWebhooks;

/// <summary>Sends a signed webhook; never throws for the receiver's failures (they are the response's <see cref="WebhookResponse.Error"/>).</summary>
public interface IWebhookSender
{
    Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken cancellationToken);
}
