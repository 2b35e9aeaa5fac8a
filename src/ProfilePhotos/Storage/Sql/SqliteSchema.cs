namespace ProfilePhotos.Storage.Sql;

/// <summary>
/// The embedded schema, versioned by <c>PRAGMA user_version</c>. Ids are GUID text, times
/// ISO-8601 UTC text, flags 0 or 1: the formats every existing data directory holds, which
/// <see cref="SqliteDialect"/> converts to and from. A step is never edited once released.
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            user_principal_name TEXT NOT NULL,
            upn_key TEXT NOT NULL,
            display_name TEXT NOT NULL,
            mail_nickname TEXT,
            given_name TEXT,
            surname TEXT,
            job_title TEXT,
            mail TEXT,
            account_enabled INTEGER NOT NULL,
            password_hash TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (tenant_id, upn_key)
        );
        CREATE TABLE groups (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            display_name TEXT NOT NULL,
            description TEXT,
            mail_nickname TEXT NOT NULL,
            mail_enabled INTEGER NOT NULL,
            security_enabled INTEGER NOT NULL,
            group_types TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX groups_by_tenant ON groups (tenant_id, id);
        CREATE TABLE group_links (
            group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            PRIMARY KEY (group_id, kind, user_id)
        );
        CREATE INDEX group_links_by_user ON group_links (user_id);
        CREATE TABLE contact_folders (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            mailbox_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            parent_id TEXT REFERENCES contact_folders (id) ON DELETE CASCADE,
            display_name TEXT NOT NULL
        );
        CREATE INDEX contact_folders_by_mailbox ON contact_folders (mailbox_id, parent_id);
        CREATE TABLE contacts (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            mailbox_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            folder_id TEXT REFERENCES contact_folders (id) ON DELETE CASCADE,
            display_name TEXT,
            given_name TEXT,
            surname TEXT,
            email_addresses TEXT NOT NULL,
            created_at TEXT NOT NULL,
            modified_at TEXT NOT NULL
        );
        CREATE INDEX contacts_by_mailbox ON contacts (mailbox_id, folder_id);
        CREATE TABLE applications (
            client_id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            secret_sha256 TEXT NOT NULL,
            permissions TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE photos (
            owner_id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            owner_kind TEXT NOT NULL,
            etag TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE photo_renditions (
            owner_id TEXT NOT NULL REFERENCES photos (owner_id) ON DELETE CASCADE,
            size INTEGER NOT NULL,
            blob TEXT NOT NULL,
            length INTEGER NOT NULL,
            PRIMARY KEY (owner_id, size)
        );
        CREATE INDEX photo_renditions_by_blob ON photo_renditions (blob);
        -- Deleting an owner deletes its photo, however the owner goes (contacts also by cascade).
        CREATE TRIGGER users_delete_photo AFTER DELETE ON users BEGIN DELETE FROM photos WHERE owner_id = OLD.id; END;
        CREATE TRIGGER groups_delete_photo AFTER DELETE ON groups BEGIN DELETE FROM photos WHERE owner_id = OLD.id; END;
        CREATE TRIGGER contacts_delete_photo AFTER DELETE ON contacts BEGIN DELETE FROM photos WHERE owner_id = OLD.id; END;
        """,
        """
        -- Blobs an upload has announced and not yet switched to or given up: alive, like
        -- referenced ones, so that only the database decides when a blob is dead (docs/photos.md).
        CREATE TABLE pending_blobs (
            blob TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        );
        CREATE INDEX pending_blobs_by_time ON pending_blobs (created_at);
        """,
        """
        -- Interactive sign-in: browser sessions, and what a sign-in granted an application
        -- (authorization codes, refresh tokens, device codes), kept by the SHA-256 of their secret.
        CREATE TABLE sign_in_sessions (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            ended_at TEXT
        );
        CREATE TABLE grants (
            hash TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            family_id TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            client_id TEXT NOT NULL,
            user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
            scopes TEXT NOT NULL,
            redirect_uri TEXT,
            nonce TEXT,
            code_challenge TEXT,
            user_code TEXT UNIQUE,
            state TEXT,
            last_polled_at TEXT,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            revoked_at TEXT
        );
        CREATE INDEX grants_by_family ON grants (family_id);
        CREATE INDEX grants_by_expiry ON grants (expires_at);
        CREATE TABLE data_protection_keys (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
    ];
}
