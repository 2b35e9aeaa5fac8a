using System.Collections.Frozen;

namespace ProfilePhotos.Identity;

/// <summary>The Graph permissions ProfilePhotos understands, by their Graph names.</summary>
public static class Permissions
{
    public const string UserRead = "User.Read";
    public const string UserReadWrite = "User.ReadWrite";
    public const string UserReadBasicAll = "User.ReadBasic.All";
    public const string UserReadAll = "User.Read.All";
    public const string UserReadWriteAll = "User.ReadWrite.All";
    public const string GroupReadAll = "Group.Read.All";
    public const string GroupReadWriteAll = "Group.ReadWrite.All";
    public const string ContactsRead = "Contacts.Read";
    public const string ContactsReadWrite = "Contacts.ReadWrite";
    public const string ProfilePhotoReadAll = "ProfilePhoto.Read.All";
    public const string ProfilePhotoReadWriteAll = "ProfilePhoto.ReadWrite.All";

    /// <summary>Scopes a delegated token (<c>scp</c>) may carry.</summary>
    public static readonly FrozenSet<string> Delegated = new[]
    {
        UserRead, UserReadWrite, UserReadBasicAll, UserReadAll, UserReadWriteAll, GroupReadAll, GroupReadWriteAll,
        ContactsRead, ContactsReadWrite, ProfilePhotoReadAll, ProfilePhotoReadWriteAll,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Roles an application token (<c>roles</c>) may carry.</summary>
    public static readonly FrozenSet<string> Application = new[]
    {
        UserReadAll, UserReadWriteAll, GroupReadAll, GroupReadWriteAll,
        ContactsRead, ContactsReadWrite, ProfilePhotoReadAll, ProfilePhotoReadWriteAll,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
