namespace ProfilePhotos.Graph;

/// <summary>
/// A <see cref="GraphError"/> thrown: code throws it, the one exception handler
/// (<see cref="GraphExceptionHandler"/>) writes it as Graph's envelope.
/// </summary>
public sealed class GraphException(GraphError error) : Exception(error.Message)
{
    public GraphException(int statusCode, string code, string message)
        : this(new GraphError(statusCode, code, message))
    {
    }

    public GraphError Error { get; } = error;

    /// <summary>Ends the connection after the answer: the rest of the request will not be read.</summary>
    public bool CloseConnection { get; init; }

    public static GraphException BadRequest(string message, string code = "BadRequest") => new(GraphError.BadRequest(message, code));

    public static GraphException InvalidProperty(string message) => new(GraphError.InvalidProperty(message));

    public static GraphException ResourceNotFound(string id) => new(GraphError.ResourceNotFound(id));

    public static GraphException ItemNotFound() => new(GraphError.ItemNotFound());

    public static GraphException AccessDenied(string code, string message) => new(GraphError.AccessDenied(code, message));
}
