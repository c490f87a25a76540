using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Referrals.Storage.Access;
using Referrals.Api.Security;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Referrals.Core.Partners;

namespace Referrals.Server.Security;

/// <summary>
/// The session cookie of the pages, a scheme of its own so the API keeps answering 401/403 problems and
/// never redirects. People sign in with an API key (managers, finance) or a partner's magic link; every
/// request checks the key or the partner again, so a revoked key or a suspended partner ends the session.
/// </summary>
internal static class PageSession
{
    public const string Scheme = "Pages";
    public const string PartnerPolicy = "page:partner";
    public const string ManagerPolicy = "page:manager";
    public const string FinancePolicy = "page:finance";

    /// <summary>The SHA-256 of the API key a session was opened with (hex); never the key itself.</summary>
    public const string KeyHashClaim = "referrals:session-key";

    private static readonly string[] PagePrefixes = ["/portal", "/manage", "/finance", "/signin", "/signout", "/payout-decisions", "/join"];

    public static IHostApplicationBuilder AddPageSessions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var secure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "referrals-session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = secure;
            options.LoginPath = "/signin";
            options.LogoutPath = "/signout";
            options.AccessDeniedPath = "/signin/denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = ValidateAsync;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(PartnerPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Partner).RequireClaim(ReferralClaims.PartnerId))
            .AddPolicy(ManagerPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Admin))
            .AddPolicy(FinancePolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Finance, Roles.Admin));
        // One key ring for every instance and restart, in the tables all instances share.
        services.AddSingleton<TableDataProtectionKeys>();
        services.AddDataProtection().SetApplicationName("referrals-web");
        services.AddOptions<KeyManagementOptions>()
            .Configure<TableDataProtectionKeys>((options, keys) => options.XmlRepository = new StoredKeyRing(keys));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "referrals-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = secure;
        });
        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Portal", PartnerPolicy);
            options.Conventions.AllowAnonymousToPage("/Portal/SignIn");
            options.Conventions.AuthorizeFolder("/Manage", ManagerPolicy);
            options.Conventions.AuthorizeFolder("/Finance", FinancePolicy);
        });
        return builder;
    }

    /// <summary>Strict headers for the pages: nothing but this server's own styles and scripts, no caching of personal numbers.</summary>
    public static IApplicationBuilder UsePageHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (IsPage(context.Request.Path))
            {
                context.Response.Headers.ContentSecurityPolicy =
                    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
                context.Response.Headers.CacheControl = "no-store";
            }

            return next(context);
        });

    /// <summary>Whether a path is one of the pages'; a loop, not a closure, because every redirect passes through here.</summary>
    private static bool IsPage(PathString path)
    {
        foreach (var prefix in PagePrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A session for the holder of an API key: the key's principal plus the key's hash, to check it again later.</summary>
    public static ClaimsPrincipal ForKey(ClaimsPrincipal keyPrincipal, byte[] keyHash) =>
        new(new ClaimsIdentity([.. keyPrincipal.Claims, new Claim(KeyHashClaim, Convert.ToHexStringLower(keyHash))], Scheme));

    /// <summary>A partner's session, opened by a sign-in link.</summary>
    public static ClaimsPrincipal ForPartner(Partner partner) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, partner.Name),
                new Claim(ClaimTypes.Role, Roles.Partner),
                new Claim(ReferralClaims.ProgramId, partner.ProgramId),
                new Claim(ReferralClaims.PartnerId, partner.Id),
            ],
            Scheme));

    /// <summary>Where a signed-in person starts.</summary>
    public static string HomeOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Partner) ? "/portal" : user.IsInRole(Roles.Finance) ? "/finance" : user.IsInRole(Roles.Admin) ? "/manage" : "/signin";

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var cancellationToken = context.HttpContext.RequestAborted;
        var user = context.Principal!;
        ClaimsPrincipal? current = null;
        if (user.PartnerOf() is { } partnerId && user.FindFirst(KeyHashClaim) is null)
        {
            var partner = await services.GetRequiredService<IPartnerStore>().GetAsync(partnerId, cancellationToken);
            current = partner is { Status: not PartnerStatus.Suspended } ? ForPartner(partner) : null;
        }
        else if (user.FindFirst(KeyHashClaim)?.Value is { Length: 64 } hex)
        {
            var hash = Convert.FromHexString(hex);
            current = await services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateHashAsync(hash, Scheme, cancellationToken) is { } principal
                ? ForKey(principal, hash)
                : null;
        }

        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        context.ReplacePrincipal(current);
    }
}
