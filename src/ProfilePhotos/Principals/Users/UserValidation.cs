using ProfilePhotos.Graph;

namespace ProfilePhotos.Principals.Users;

/// <summary>The rules Entra ID applies to a new user, with messages that say what is wrong.</summary>
public static class UserValidation
{
    private const int MaxPrincipalNameLength = 113;
    private const int MaxLocalPartLength = 64;
    private const int MinPasswordLength = 8;
    private const int MaxPasswordLength = 256;

    public static (string DisplayName, string MailNickname, string UserPrincipalName, string Password, bool AccountEnabled) Validate(CreateUserBody body)
    {
        var displayName = PropertyRules.Required(body.DisplayName, "displayName");
        var mailNickname = PropertyRules.Required(body.MailNickname, "mailNickname");
        var principalName = PropertyRules.Required(body.UserPrincipalName, "userPrincipalName");
        if (!IsValidPrincipalName(principalName))
        {
            throw GraphException.InvalidProperty(
                $"Property userPrincipalName '{ClientText.Echo(principalName, MaxPrincipalNameLength)}' is invalid: it must be alias@domain, where the alias has at most {MaxLocalPartLength} of the characters A-Z a-z 0-9 ' . - _ ! # ^ ~ and the domain is a DNS name such as contoso.com.");
        }

        var password = body.PasswordProfile?.Password;
        if (string.IsNullOrEmpty(password))
        {
            throw GraphException.InvalidProperty("Property 'passwordProfile.password' is required.");
        }

        if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            throw GraphException.InvalidProperty(
                $"The specified password does not comply with password complexity requirements: it must have {MinPasswordLength} to {MaxPasswordLength} characters.");
        }

        var accountEnabled = body.AccountEnabled ?? throw GraphException.InvalidProperty("Property 'accountEnabled' is required.");
        return (displayName, mailNickname, principalName, password, accountEnabled);
    }

    public static bool IsValidPrincipalName(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (value.Length > MaxPrincipalNameLength || at <= 0 || at != value.LastIndexOf('@'))
        {
            return false;
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        return local.Length <= MaxLocalPartLength
            && !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal)
            && local.All(c => char.IsAsciiLetterOrDigit(c) || "'.-_!#^~".Contains(c, StringComparison.Ordinal))
            && IsDomainName(domain);
    }

    private static bool IsDomainName(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(label =>
            label.Length is > 0 and <= 63 && !label.StartsWith('-') && !label.EndsWith('-')
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
