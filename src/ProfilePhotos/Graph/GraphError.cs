namespace ProfilePhotos.Graph;

/// <summary>
/// An error as a Graph client receives it: the status, Graph's code and a message for people.
/// The one error value of the service: handlers throw it (<see cref="GraphException"/>), the
/// authorization step refuses with it, and <see cref="GraphErrorWriter"/> alone turns it into
/// Graph's envelope, for a whole response or for one answer of a batch.
/// </summary>
public sealed record GraphError(int Status, string Code, string Message)
{
    public static GraphError BadRequest(string message, string code = "BadRequest") => new(StatusCodes.Status400BadRequest, code, message);

    /// <summary>Directory validation failures use the directory's own code, as Graph does.</summary>
    public static GraphError InvalidProperty(string message) => new(StatusCodes.Status400BadRequest, "Request_BadRequest", message);

    public static GraphError ResourceNotFound(string id) =>
        new(StatusCodes.Status404NotFound, "Request_ResourceNotFound",
            $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    public static GraphError ItemNotFound() =>
        new(StatusCodes.Status404NotFound, "ErrorItemNotFound", "The specified object was not found in the store.");

    public static GraphError AccessDenied(string code, string message) => new(StatusCodes.Status403Forbidden, code, message);

    /// <summary>The error Graph gives for a status when nothing more specific is known.</summary>
    public static GraphError ForStatus(HttpContext context, int status) => status switch
    {
        400 => new(status, "BadRequest", "The request is malformed or incorrect."),
        401 => new(status, "InvalidAuthenticationToken", "Access token is empty."),
        403 => new(status, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
        404 => new(status, "NotFound", $"Resource not found for the segment '{LastSegment(context)}'."),
        405 => new(status, "MethodNotAllowed", $"The HTTP method '{ClientText.Echo(context.Request.Method, 16)}' is not allowed for this resource."),
        408 => new(status, "RequestTimeout", "The request timed out."),
        411 => new(status, "LengthRequired", "The request must carry a Content-Length or a chunked body."),
        412 => new(status, "PreconditionFailed", "The resource has changed since it was last read."),
        413 => new(status, "RequestEntityTooLarge", "The request body is larger than the service accepts."),
        415 => new(status, "UnsupportedMediaType", "The content type of the request is not supported."),
        429 => new(status, "TooManyRequests", "Too many requests. Retry after the time in the Retry-After header."),
        431 => new(status, "RequestHeaderFieldsTooLarge", "The request headers are too large."),
        >= 500 => new(status, "generalException", "An unexpected error occurred."),
        _ => new(status, "BadRequest", "The request could not be processed."),
    };

    private static string LastSegment(HttpContext context)
    {
        var trimmed = (context.Request.Path.Value ?? "").TrimEnd('/');
        return ClientText.Echo(trimmed[(trimmed.LastIndexOf('/') + 1)..], 64);
    }
}
