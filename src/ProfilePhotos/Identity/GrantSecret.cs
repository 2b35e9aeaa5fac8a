using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace ProfilePhotos.Identity;

/// <summary>The secret part of a code or refresh token: 256 random bits for the client, only their SHA-256 for the store.</summary>
public static class GrantSecret
{
    public static string New() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>RFC 7636 S256: the verifier's SHA-256 in base64url must be the challenge (compared in constant time).</summary>
    public static bool ProvesChallenge(string verifier, string challenge) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
            Encoding.ASCII.GetBytes(challenge));
}
