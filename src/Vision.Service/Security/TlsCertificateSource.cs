using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Vision.Service.Security;

/// <summary>
/// The server certificate from PEM files, read again whenever the certificate or key file changes (a renewed
/// certificate is served on new connections without a restart). A pair that cannot be read (half-written renewal)
/// keeps the previous certificate until a readable pair appears.
/// </summary>
public sealed partial class TlsCertificateSource : IDisposable
{
    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly ILogger<TlsCertificateSource> _logger;
    private readonly PhysicalFileProvider _files;
    private readonly IDisposable _watch;
    private X509Certificate2 _current;

    public TlsCertificateSource(TlsSettings settings, ILogger<TlsCertificateSource> logger)
    {
        _certificatePath = Path.GetFullPath(settings.CertificatePath!);
        _keyPath = Path.GetFullPath(settings.KeyPath!);
        _logger = logger;
        _current = Load(_certificatePath, _keyPath);
        CertificateLoaded(logger, _current.Subject, _current.Thumbprint, _current.NotAfter);
        // Both files usually live in one folder (as certbot and cert-manager write them); watch what changes there.
        _files = new PhysicalFileProvider(Path.GetDirectoryName(_certificatePath)!) { UsePollingFileWatcher = false };
        _watch = ChangeToken.OnChange(Watch, Reload);
    }

    /// <summary>Raised after a changed certificate was loaded.</summary>
    public event Action<X509Certificate2>? Reloaded;

    public X509Certificate2 Current => Volatile.Read(ref _current);

    public void Dispose()
    {
        _watch.Dispose();
        _files.Dispose();
    }

    private IChangeToken Watch()
    {
        var keyInFolder = string.Equals(Path.GetDirectoryName(_keyPath), _files.Root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        return keyInFolder
            ? new CompositeChangeToken([_files.Watch(Path.GetFileName(_certificatePath)), _files.Watch(Path.GetFileName(_keyPath))])
            : _files.Watch(Path.GetFileName(_certificatePath));
    }

    private void Reload()
    {
        try
        {
            var loaded = Load(_certificatePath, _keyPath);
            if (loaded.Thumbprint == Current.Thumbprint)
            {
                loaded.Dispose();
                return;
            }

            Volatile.Write(ref _current, loaded);
            CertificateLoaded(_logger, loaded.Subject, loaded.Thumbprint, loaded.NotAfter);
            Reloaded?.Invoke(loaded);
        }
        catch (Exception error) when (error is IOException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            CertificateUnreadable(_logger, _certificatePath, error.Message);
        }
    }

    private static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // An ephemeral-key certificate cannot serve TLS on every platform: export and re-import as PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    [LoggerMessage(EventId = 1620, Level = LogLevel.Information, Message = "TLS certificate {Subject} ({Thumbprint}, valid until {NotAfter}) loaded")]
    private static partial void CertificateLoaded(ILogger logger, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 1621, Level = LogLevel.Warning, Message = "TLS certificate {Path} changed but cannot be read yet ({Problem}); still serving the previous one")]
    private static partial void CertificateUnreadable(ILogger logger, string path, string problem);
}
