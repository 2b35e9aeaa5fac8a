using System.Globalization;
using System.Text.Json.Serialization;

namespace ProfilePhotos.Identity;

/// <summary>
/// An OAuth 2.0 error in the shape the Microsoft identity platform answers with: <c>error</c>,
/// <c>error_description</c> starting with its AADSTS code, and the correlation members.
/// </summary>
public sealed class OAuthError(int statusCode, string error, int aadsts, string description) : Exception(description)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The OAuth error code: <c>invalid_grant</c>, <c>login_required</c>, ...</summary>
    public string Code { get; } = error;

    public int Aadsts { get; } = aadsts;

    /// <summary>As the identity platform writes it: the AADSTS code first.</summary>
    public string Description => $"AADSTS{Aadsts}: {Message}";

    /// <summary>The throttle key this failure counts against, if it is a failed sign-in.</summary>
    public string? FailureKey { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public IResult ToResult(HttpContext context)
    {
        var traceId = Graph.RequestIds.Get(context).RequestId;
        var body = new Body(
            Code,
            $"{Description} Trace ID: {traceId} Timestamp: {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}",
            [Aadsts],
            DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            traceId,
            Graph.RequestIds.Get(context).ClientRequestId);
        if (RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Json(body, statusCode: StatusCode);
    }

    public static OAuthError InvalidRequest(int aadsts, string description) => new(400, "invalid_request", aadsts, description);

    public static OAuthError MissingParameter(string name) =>
        InvalidRequest(900144, $"The request body must contain the following parameter: '{name}'.");

    /// <summary>A wrong secret: counts against the client's failed attempts.</summary>
    public static OAuthError InvalidClientSecret(string clientId) =>
        new(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.")
        {
            FailureKey = SignInThrottle.ClientKey(clientId),
        };

    /// <summary>A wrong user name or password: counts against the user's failed attempts.</summary>
    public static OAuthError InvalidCredentials(Guid tenantId, string userName) =>
        new(400, "invalid_grant", 50126, "Error validating credentials due to invalid username or password.")
        {
            FailureKey = SignInThrottle.UserKey(tenantId, userName),
        };

    public static OAuthError UnknownClient(string clientId, string tenant) =>
        new(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{tenant}'.");

    public static OAuthError InvalidGrant(int aadsts, string description) => new(400, "invalid_grant", aadsts, description);

    public static OAuthError InvalidScope(string description) => new(400, "invalid_scope", 70011, description);

    private sealed record Body(
        [property: JsonPropertyName("error")] string Error,
        [property: JsonPropertyName("error_description")] string ErrorDescription,
        [property: JsonPropertyName("error_codes")] int[] ErrorCodes,
        [property: JsonPropertyName("timestamp")] string Timestamp,
        [property: JsonPropertyName("trace_id")] string TraceId,
        [property: JsonPropertyName("correlation_id")] string CorrelationId);
}
