using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Referrals.Core.OutboundWebhooks;

namespace Referrals.Api.OutboundWebhooks;

/// <summary>
/// Posts signed webhooks over a client of its own: connections through <see cref="GuardedConnector"/>,
/// no proxy, no redirects followed (a 3xx is a failed attempt), 10 s for the whole exchange, and at most
/// 1 KB of the answer read (what the delivery log keeps).
/// </summary>
public sealed class WebhookSender : IWebhookSender, IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public const int MaxResponseBytes = 1_024;

    private readonly HttpClient _client;

    public WebhookSender(GuardedConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = connector.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = Timeout,
        };
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Referrals-Webhooks", "1.0"));
    }

    public async Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
            {
                Content = new StringContent(request.Body, Encoding.UTF8, "application/json"),
            };
            message.Headers.TryAddWithoutValidation("webhook-id", request.WebhookId);
            message.Headers.TryAddWithoutValidation("webhook-timestamp", StandardWebhookSigner.UnixSeconds(request.Timestamp));
            message.Headers.TryAddWithoutValidation("webhook-signature", request.Signature);
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var head = await ReadHeadAsync(response.Content, timeout.Token);
            return new WebhookResponse((int)response.StatusCode, Stopwatch.GetElapsedTime(started), head, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResponse(null, Stopwatch.GetElapsedTime(started), string.Empty, $"No answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException exception)
        {
            var reason = exception.InnerException is WebhookAddressRefusedException refused ? refused.Message : $"Network error: {exception.Message}";
            return new WebhookResponse(null, Stopwatch.GetElapsedTime(started), string.Empty, reason);
        }
    }

    public void Dispose() => _client.Dispose();

    private static async Task<string> ReadHeadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxResponseBytes];
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        // Cut on a character boundary: a split multi-byte character becomes U+FFFD, never an exception.
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
