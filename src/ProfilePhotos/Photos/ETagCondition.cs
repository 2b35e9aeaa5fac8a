using Microsoft.Net.Http.Headers;

namespace ProfilePhotos.Photos;

/// <summary>
/// An <c>If-Match</c> precondition, evaluated by the store in the same transaction as the write
/// it guards, so that no other write can slip in between the check and the change.
/// </summary>
public sealed record ETagCondition(IReadOnlyList<string> Tags)
{
    /// <summary>The request's If-Match, or null when it has none.</summary>
    public static ETagCondition? FromIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return null;
        }

        // An unparsable If-Match matches nothing: the write is refused rather than done blindly.
        return EntityTagHeaderValue.TryParseList(header, out var tags)
            ? new ETagCondition(tags.Select(t => t.IsWeak ? "" : t.Tag.ToString()).ToList())
            : new ETagCondition([]);
    }

    /// <summary>RFC 9110 strong comparison; <c>*</c> matches any current photo.</summary>
    public bool IsSatisfiedBy(string? currentETag) =>
        currentETag is not null && Tags.Any(t => t == "*" || t == currentETag);
}
