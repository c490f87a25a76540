namespace Referrals.Core.Webhooks;

/// <summary>Who sends a program's webhooks; each has its own signature scheme and secret.</summary>
public enum WebhookProvider
{
    /// <summary>Stripe: <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</c> over <c>&lt;t&gt;.&lt;body&gt;</c>.</summary>
    Stripe,

    /// <summary>Paddle Billing: <c>Paddle-Signature: ts=&lt;unix&gt;;h1=&lt;hex&gt;</c> over <c>&lt;ts&gt;:&lt;body&gt;</c>.</summary>
    Paddle,

    /// <summary>Any shop, with our own schema: <c>X-Referrals-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</c> over <c>&lt;t&gt;.&lt;body&gt;</c>.</summary>
    Generic,
}
