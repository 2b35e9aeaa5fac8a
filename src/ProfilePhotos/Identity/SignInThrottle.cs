using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ProfilePhotos.Identity;

/// <summary>
/// Brute-force protection of the token endpoint, on ASP.NET Core's rate limiter: every failed
/// attempt takes a permit from the client's (wrong secret) or the user's (wrong password)
/// one-minute window; once a window is empty, that client or user gets 429 with Retry-After,
/// right or wrong, until the window turns.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> failures;

    public SignInThrottle(IOptions<IdentityOptions> options)
    {
        var limit = Math.Max(1, options.Value.FailedSignInsPerMinute);
        failures = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public static string ClientKey(string clientId) => "client:" + clientId.ToUpperInvariant();

    public static string UserKey(Guid tenantId, string userName) => $"user:{tenantId:D}/{userName.ToUpperInvariant()}";

    /// <summary>When any of these has used up its failures, how long until it may try again.</summary>
    public TimeSpan? Blocked(params string[] keys)
    {
        foreach (var key in keys)
        {
            // Asking for no permit tells whether any is left, without taking one.
            using var probe = failures.AttemptAcquire(key, 0);
            if (!probe.IsAcquired)
            {
                return probe.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            }
        }

        return null;
    }

    public void RecordFailure(string key)
    {
        using var _ = failures.AttemptAcquire(key, 1);
    }

    public void Dispose() => failures.Dispose();
}
