using Referrals.Core.Validation;

namespace Referrals.Core.Partners;

/// <summary>A partner's edit of their profile.</summary>
public sealed record PartnerProfileDraft(string? Name, string? Website = null, string? Channels = null, string? Country = null)
{
    public const int MaxNameLength = 200;
    public const int MaxWebsiteLength = 300;
    public const int MaxChannelsLength = 1000;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > MaxNameLength)
        {
            errors.Add("name", $"'name' is required, at most {MaxNameLength} characters.");
        }

        if (!string.IsNullOrWhiteSpace(Website)
            && (Website.Trim().Length > MaxWebsiteLength
                || !Uri.TryCreate(Website.Trim(), UriKind.Absolute, out var site)
                || (site.Scheme != Uri.UriSchemeHttps && site.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(site.UserInfo)))
        {
            errors.Add("website", $"'website' must be an http(s) address such as https://example.com, at most {MaxWebsiteLength} characters.");
        }

        if (Channels is { } channels && channels.Trim().Length > MaxChannelsLength)
        {
            errors.Add("channels", $"'channels' is at most {MaxChannelsLength} characters.");
        }

        if (!string.IsNullOrWhiteSpace(Country) && !IsCountry(Country.Trim()))
        {
            errors.Add("country", "'country' must be a two-letter country code such as DE or US.");
        }

        return errors;
    }

    /// <summary>The profile this (valid) draft describes: trimmed, empty fields left out, the country in upper case.</summary>
    public PartnerProfile ToProfile(string partnerId, DateTimeOffset now) => new(
        partnerId,
        Name!.Trim(),
        Blank(Website),
        Blank(Channels),
        Blank(Country)?.ToUpperInvariant(),
        now);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // ISO 3166-1 alpha-2, listed here because the app runs with invariant globalization (no region data).
    private const string Countries = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

    private static readonly HashSet<string> CountryCodes = [.. Countries.Split(' ')];

    private static bool IsCountry(string code) => CountryCodes.Contains(code.ToUpperInvariant());
}
