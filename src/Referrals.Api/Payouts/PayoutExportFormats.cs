using Referrals.Core.Payouts;

namespace Referrals.Api.Payouts;

/// <summary>The export formats as they appear in URLs: <c>paypal</c>, <c>wise</c>, <c>journal</c>.</summary>
public static class PayoutExportFormats
{
    public static IReadOnlyList<PayoutExportFormat> All { get; } = [PayoutExportFormat.PayPal, PayoutExportFormat.Wise, PayoutExportFormat.Journal];

    public static string Token(PayoutExportFormat format) => format switch
    {
        PayoutExportFormat.PayPal => "paypal",
        PayoutExportFormat.Wise => "wise",
        _ => "journal",
    };

    /// <summary>The format a URL names (any case), or null.</summary>
    public static PayoutExportFormat? Parse(string? token) =>
        All.Cast<PayoutExportFormat?>().FirstOrDefault(format => string.Equals(Token(format!.Value), token, StringComparison.OrdinalIgnoreCase));
}
