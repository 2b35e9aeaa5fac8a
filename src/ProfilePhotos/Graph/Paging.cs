using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace ProfilePhotos.Graph;

/// <summary><c>$top</c> and the opaque <c>$skiptoken</c> of Graph's server-driven paging.</summary>
public sealed record Paging(int Top, Guid? After)
{
    private const int DefaultTop = 100;
    private const int MaxTop = 999;

    public static Paging Parse(HttpRequest request)
    {
        var top = DefaultTop;
        if (request.Query["$top"].FirstOrDefault() is { } topText
            && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop))
        {
            throw GraphException.BadRequest($"Invalid page size specified: '{ClientText.Echo(topText, 32)}'. Must be between 1 and {MaxTop} inclusive.", "Request_BadRequest");
        }

        Guid? after = null;
        if (request.Query["$skiptoken"].FirstOrDefault() is { } token)
        {
            after = Guid.TryParseExact(token, "N", out var parsed)
                ? parsed
                : throw GraphException.BadRequest("The $skiptoken is not one this service issued.", "Request_BadRequest");
        }

        return new Paging(top, after);
    }

    /// <summary>The next page's link, or null at the end.</summary>
    public string? NextLink(HttpRequest request, Guid? after) =>
        after is { } key
            ? QueryHelpers.AddQueryString(
                $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}",
                new Dictionary<string, string?> { ["$top"] = Top.ToString(CultureInfo.InvariantCulture), ["$skiptoken"] = key.ToString("N") })
            : null;
}
