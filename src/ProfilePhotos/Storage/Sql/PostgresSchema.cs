namespace ProfilePhotos.Storage.Sql;

/// <summary>
/// The PostgreSQL schema: the same model as the SQLite one in native types (uuid, timestamptz,
/// boolean), versioned in <c>schema_version</c>. A step is never edited once released.
/// </summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE users (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL,
            user_principal_name text NOT NULL,
            upn_key text NOT NULL,
            display_name text NOT NULL,
            mail_nickname text,
            given_name text,
            surname text,
            job_title text,
            mail text,
            account_enabled boolean NOT NULL,
            password_hash text,
            created_at timestamptz NOT NULL,
            UNIQUE (tenant_id, upn_key)
        );
        CREATE INDEX users_by_tenant ON users (tenant_id, id);
        CREATE TABLE groups (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL,
            display_name text NOT NULL,
            description text,
            mail_nickname text NOT NULL,
            mail_enabled boolean NOT NULL,
            security_enabled boolean NOT NULL,
            group_types text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX groups_by_tenant ON groups (tenant_id, id);
        CREATE TABLE group_links (
            group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
            kind text NOT NULL,
            user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            PRIMARY KEY (group_id, kind, user_id)
        );
        CREATE INDEX group_links_by_user ON group_links (user_id);
        CREATE TABLE contact_folders (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL,
            mailbox_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            parent_id uuid REFERENCES contact_folders (id) ON DELETE CASCADE,
            display_name text NOT NULL
        );
        CREATE INDEX contact_folders_by_mailbox ON contact_folders (mailbox_id, parent_id);
        CREATE TABLE contacts (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL,
            mailbox_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            folder_id uuid REFERENCES contact_folders (id) ON DELETE CASCADE,
            display_name text,
            given_name text,
            surname text,
            email_addresses text NOT NULL,
            created_at timestamptz NOT NULL,
            modified_at timestamptz NOT NULL
        );
        CREATE INDEX contacts_by_mailbox ON contacts (mailbox_id, folder_id);
        CREATE TABLE applications (
            client_id text PRIMARY KEY,
            tenant_id uuid NOT NULL,
            secret_sha256 text NOT NULL,
            permissions text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE TABLE photos (
            owner_id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL,
            owner_kind text NOT NULL,
            etag text NOT NULL,
            width integer NOT NULL,
            height integer NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE TABLE photo_renditions (
            owner_id uuid NOT NULL REFERENCES photos (owner_id) ON DELETE CASCADE,
            size integer NOT NULL,
            blob text NOT NULL,
            length bigint NOT NULL,
            PRIMARY KEY (owner_id, size)
        );
        CREATE INDEX photo_renditions_by_blob ON photo_renditions (blob);
        CREATE FUNCTION delete_owner_photo() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM photos WHERE owner_id = OLD.id;
            RETURN OLD;
        END $$;
        CREATE TRIGGER users_delete_photo AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION delete_owner_photo();
        CREATE TRIGGER groups_delete_photo AFTER DELETE ON groups FOR EACH ROW EXECUTE FUNCTION delete_owner_photo();
        CREATE TRIGGER contacts_delete_photo AFTER DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION delete_owner_photo();
        CREATE TABLE signing_keys (
            kid text PRIMARY KEY,
            pem text NOT NULL,
            created_at timestamptz NOT NULL
        );
        """,
        """
        CREATE TABLE pending_blobs (
            blob text PRIMARY KEY,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX pending_blobs_by_time ON pending_blobs (created_at);
        """,
        """
        CREATE TABLE sign_in_sessions (
            id uuid PRIMARY KEY,
            tenant_id uuid NOT NULL,
            user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            ended_at timestamptz
        );
        CREATE TABLE grants (
            hash text PRIMARY KEY,
            kind text NOT NULL,
            family_id uuid NOT NULL,
            tenant_id uuid NOT NULL,
            client_id text NOT NULL,
            user_id uuid REFERENCES users (id) ON DELETE CASCADE,
            scopes text NOT NULL,
            redirect_uri text,
            nonce text,
            code_challenge text,
            user_code text UNIQUE,
            state text,
            last_polled_at timestamptz,
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            used_at timestamptz,
            revoked_at timestamptz
        );
        CREATE INDEX grants_by_family ON grants (family_id);
        CREATE INDEX grants_by_expiry ON grants (expires_at);
        CREATE TABLE data_protection_keys (
            name text PRIMARY KEY,
            xml text NOT NULL,
            created_at timestamptz NOT NULL
        );
        """,
    ];
}
