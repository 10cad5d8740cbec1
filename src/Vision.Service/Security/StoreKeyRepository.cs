using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Vision.Storage.Accounts;

namespace Vision.Service.Security;

/// <summary>
/// ASP.NET data protection's key repository on the store (<see cref="KeyRingStore"/>): without it each node made its
/// own keys, in memory or in a home folder a container throws away, so a cookie signed on one node was refused on the
/// next and a restart signed everyone out. The framework calls it synchronously, rarely (at the first request and when
/// a key is made, about every 90 days).
/// </summary>
internal sealed class StoreKeyRepository(KeyRingStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.AllAsync(CancellationToken.None).GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName;
        store.AddAsync(name, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
    }
}
