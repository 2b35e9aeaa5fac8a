namespace ProfilePhotos.Identity;

/// <summary>
/// The rules for the addresses a sign-in may send the user back to. Registered addresses match
/// exactly (the identity platform's rule: anything looser is an open redirect), with the one
/// exception RFC 8252 makes for native apps: a public client registered at <c>http://localhost</c>
/// or <c>http://127.0.0.1</c> without a port may be answered on any port of that loopback host,
/// because it listens on whatever port is free when it starts.
/// </summary>
public static class RedirectUri
{
    public static bool IsValid(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Fragment.Length == 0 && !string.IsNullOrEmpty(uri.Scheme)
        && (uri.Scheme is not ("http" or "https") || uri.Host.Length > 0);

    public static bool Matches(string registered, string candidate, bool publicClient)
    {
        if (string.Equals(registered, candidate, StringComparison.Ordinal))
        {
            return true;
        }

        return publicClient
            && Uri.TryCreate(registered, UriKind.Absolute, out var r) && Uri.TryCreate(candidate, UriKind.Absolute, out var c)
            && r.Scheme == Uri.UriSchemeHttp && c.Scheme == Uri.UriSchemeHttp
            && r.IsLoopback && r.IsDefaultPort && !registered.Contains($"{r.Host}:", StringComparison.Ordinal)
            && string.Equals(r.Host, c.Host, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.PathAndQuery, c.PathAndQuery, StringComparison.Ordinal)
            && c.Fragment.Length == 0;
    }

    /// <summary>The browser origin of a registered http(s) address, for CORS; null for other schemes.</summary>
    public static string? OriginOf(string registered) =>
        Uri.TryCreate(registered, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}
