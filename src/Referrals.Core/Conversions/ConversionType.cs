namespace Referrals.Core.Conversions;

/// <summary>What a conversion reports.</summary>
public enum ConversionType
{
    /// <summary>A sign-up or qualified prospect; no payment.</summary>
    Lead,

    /// <summary>A payment: the first of a customer, or a one-time purchase.</summary>
    Sale,

    /// <summary>A later payment of a subscription.</summary>
    Renewal,

    /// <summary>Money paid back for an earlier payment, in full or in part.</summary>
    Refund,

    /// <summary>An earlier payment disputed with the buyer's bank and taken back.</summary>
    Chargeback,

    /// <summary>A chargeback reversed in the seller's favour (a dispute won): the money comes back.</summary>
    Reinstatement,
}
