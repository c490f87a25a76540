using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Referrals.Storage.Access;

namespace Referrals.Server.Security;

/// <summary>
/// The data-protection key ring kept in Table Storage instead of the container's file system, which is
/// gone when the web front scales to zero: sessions and forms opened before a restart, or on another
/// replica, stay valid.
/// </summary>
internal sealed class StoredKeyRing(TableDataProtectionKeys keys) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. keys.ReadAll().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        keys.Store(friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}
