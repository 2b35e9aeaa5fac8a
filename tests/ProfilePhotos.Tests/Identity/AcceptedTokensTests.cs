using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProfilePhotos.Identity;

namespace ProfilePhotos.Tests.Identity;

/// <summary>Remembered tokens are still checked, on every hit, for their lifetime and their issuer.</summary>
public sealed class AcceptedTokensTests : IDisposable
{
    /// <summary>Now: the cache's own expiry follows the real clock; the checks on a hit, the test's.</summary>
    private static readonly DateTime Issued = DateTime.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private readonly Clock clock = new() { Now = Issued.AddMinutes(1) };
    private readonly AcceptedTokens accepted;
    private readonly JsonWebToken token;
    private readonly string header;
    private readonly Caller caller = new(Guid.NewGuid(), Guid.NewGuid(), true, null, new HashSet<string>(), new HashSet<string> { "User.Read.All" });
    private readonly TokenValidationParameters parameters = new() { ClockSkew = TimeSpan.FromMinutes(5) };

    public AcceptedTokensTests()
    {
        accepted = new AcceptedTokens(clock);
        var text = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://issuer.example/tenant/v2.0",
            NotBefore = Issued,
            IssuedAt = Issued,
            Expires = Issued.AddHours(1),
            Claims = new Dictionary<string, object> { ["tid"] = caller.TenantId.ToString(), ["oid"] = caller.ObjectId.ToString() },
        });
        token = new JsonWebToken(text);
        header = "Bearer " + text;
        accepted.Remember(header, token, new ClaimsPrincipal(new ClaimsIdentity("test")), caller, parameters);
    }

    public void Dispose() => accepted.Dispose();

    [Fact]
    public void ARememberedTokenIsAnsweredWithTheCallerItWasAcceptedWith()
    {
        Assert.True(accepted.TryGet(header, parameters, out var known));
        Assert.Same(caller, known.Caller);
        Assert.False(accepted.TryGet(header + "x", parameters, out _));
        Assert.False(accepted.TryGet(header.Replace("Bearer ", "bearer ", StringComparison.Ordinal), parameters, out _));
    }

    [Fact]
    public void AnExpiredTokenIsNotAnsweredOnceTheSkewHasPassed()
    {
        clock.Now = Issued.AddHours(1).AddMinutes(4);
        Assert.True(accepted.TryGet(header, parameters, out _));
        clock.Now = Issued.AddHours(1).AddMinutes(6);
        Assert.False(accepted.TryGet(header, parameters, out _));
    }

    [Fact]
    public void ATokenIsNotAnsweredBeforeItIsValid()
    {
        clock.Now = Issued.AddMinutes(-6);
        Assert.False(accepted.TryGet(header, parameters, out _));
    }

    [Fact]
    public void TheIssuerIsCheckedAgainOnEveryHit()
    {
        var strict = parameters.Clone();
        strict.IssuerValidator = (issuer, _, _) => throw new SecurityTokenInvalidIssuerException($"not {issuer}");
        Assert.False(accepted.TryGet(header, strict, out _));
        Assert.True(accepted.TryGet(header, parameters, out _));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTime Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
