using ProfilePhotos.Graph;

namespace ProfilePhotos.Principals;

/// <summary>
/// The <c>@odata.id</c> of a <c>$ref</c> body or an <c>@odata.bind</c> list. The SDKs write
/// Graph's own host (<c>https://graph.microsoft.com/v1.0/directoryObjects/{id}</c>); this
/// service's own address is accepted too.
/// </summary>
public static class DirectoryObjectReference
{
    private const string GraphHost = "graph.microsoft.com";
    private static readonly string[] ObjectCollections = ["directoryObjects", "users"];

    public static Guid Parse(string? reference, HttpRequest request)
    {
        if (reference is not null
            && Uri.TryCreate(reference, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && (string.Equals(uri.Host, GraphHost, StringComparison.OrdinalIgnoreCase)
                || string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length >= 3
                && segments[^3] is "v1.0" or "beta"
                && ObjectCollections.Contains(segments[^2], StringComparer.OrdinalIgnoreCase)
                && Guid.TryParse(segments[^1], out var id))
            {
                return id;
            }
        }

        throw GraphException.InvalidProperty(
            $"Invalid object reference '{ClientText.Echo(reference ?? "")}': expected https://graph.microsoft.com/v1.0/directoryObjects/{{id}}.");
    }

    /// <summary>An id segment of a directory path: a GUID, else 400 as Graph answers.</summary>
    public static Guid ParseId(string id) =>
        Guid.TryParse(id, out var parsed) ? parsed : throw GraphException.InvalidProperty($"Invalid object identifier '{ClientText.Echo(id)}'.");
}
