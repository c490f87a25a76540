namespace Referrals.Api.Tracking;

/// <summary>
/// The click a shop page recorded: keep <see cref="ClickId"/> as <c>ref_click</c> for the program's cookie
/// window (<see cref="CookieDays"/>) and hand it to checkout.
/// </summary>
public sealed record ScriptClickResponse(string ClickId, int CookieDays);
