namespace Vision.Pipeline.Cameras;

/// <summary>A camera source's address as logs and errors may show it: an RTSP URL's user and password left out.</summary>
public static class SourceUri
{
    public static string Redacted(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.UserInfo.Length > 0
            ? new UriBuilder(parsed) { UserName = "***", Password = string.Empty }.Uri.ToString()
            : uri;
}
