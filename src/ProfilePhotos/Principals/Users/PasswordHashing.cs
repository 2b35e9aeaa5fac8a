using Microsoft.AspNetCore.Identity;

namespace ProfilePhotos.Principals.Users;

/// <summary>Passwords are kept only as salted PBKDF2 hashes, in ASP.NET Core Identity's format.</summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    public static string Hash(UserRecord user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(UserRecord user, string? hash, string password) =>
        hash is not null && Hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;
}
