using System.Text.RegularExpressions;

namespace Vision.Pipeline.Cameras;

/// <summary>
/// A camera source's address as logs and errors may show it: the user and password before the host, and credentials
/// passed as query parameters (<c>?user=admin&amp;pwd=…</c>, common on cheap IP cameras), left out.
/// </summary>
public static partial class SourceUri
{
    public static string Redacted(string uri)
    {
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return uri;
        }

        // Split as ffmpeg does (av_url_split): the authority ends at the first '/', '?' or '#', and the user information
        // at its last '@', so a password holding a raw '@' is cut where ffmpeg cuts it.
        var authorityStart = scheme + 3;
        var authorityEnd = uri.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = uri.Length;
        }

        var at = uri.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        var shown = at < 0 ? uri : string.Concat(uri.AsSpan(0, authorityStart), "***", uri.AsSpan(at));
        return CredentialParameter().Replace(shown, match => match.Groups["name"].Value + "=***");
    }

    [GeneratedRegex(@"(?<=[?&;])(?<name>user|username|usr|pass|passwd|password|pwd|token|auth|key)=[^&;#]*", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialParameter();
}
