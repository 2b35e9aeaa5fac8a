namespace ProfilePhotos.Graph;

/// <summary>
/// An error that reaches the client as Graph's error envelope. Code throws it; the one
/// error writer (<see cref="GraphExceptionHandler"/>) turns it into the response.
/// </summary>
public sealed class GraphException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    /// <summary>Ends the connection after the answer: the rest of the request will not be read.</summary>
    public bool CloseConnection { get; init; }

    public static GraphException BadRequest(string message, string code = "BadRequest") =>
        new(StatusCodes.Status400BadRequest, code, message);

    /// <summary>Directory validation failures use the directory's own code, as Graph does.</summary>
    public static GraphException InvalidProperty(string message) =>
        new(StatusCodes.Status400BadRequest, "Request_BadRequest", message);

    public static GraphException ResourceNotFound(string id) =>
        new(StatusCodes.Status404NotFound, "Request_ResourceNotFound",
            $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    public static GraphException ItemNotFound() =>
        new(StatusCodes.Status404NotFound, "ErrorItemNotFound", "The specified object was not found in the store.");

    public static GraphException AccessDenied(string code, string message) =>
        new(StatusCodes.Status403Forbidden, code, message);
}
