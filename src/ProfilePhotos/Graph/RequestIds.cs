namespace ProfilePhotos.Graph;

/// <summary>
/// Graph's correlation headers: every response carries a new <c>request-id</c> and echoes the
/// client's <c>client-request-id</c>, or the request-id when the client sent none.
/// </summary>
public sealed record RequestIds(string RequestId, string ClientRequestId)
{
    private const int MaxClientRequestIdLength = 128;
    public static RequestIds Get(HttpContext context)
    {
        if (context.Features.Get<RequestIds>() is { } ids)
        {
            return ids;
        }

        var requestId = Guid.NewGuid().ToString();
        var client = context.Request.Headers["client-request-id"].ToString();
        // Echo only what is safe to put back into a response header.
        var created = new RequestIds(requestId, IsPrintableAscii(client) ? client : requestId);
        context.Features.Set(created);
        return created;
    }

    private static bool IsPrintableAscii(string value) =>
        value.Length is > 0 and <= MaxClientRequestIdLength && value.All(c => c is >= ' ' and <= '~');
}
