// The core photo flow through the official Microsoft Graph JavaScript SDK (3.x), against a
// running ProfilePhotos. The .NET suite starts the service over HTTPS and runs this file with:
//   PROFILEPHOTOS_URL, TENANT_ID, CLIENT_ID, CLIENT_SECRET, PHOTO_FILE, NODE_EXTRA_CA_CERTS
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { Client, ResponseType, GraphError } from "@microsoft/microsoft-graph-client";

const { PROFILEPHOTOS_URL, TENANT_ID, CLIENT_ID, CLIENT_SECRET, PHOTO_FILE } = process.env;
const service = new URL(PROFILEPHOTOS_URL);

async function token() {
  const response = await fetch(new URL(`/${TENANT_ID}/oauth2/v2.0/token`, service), {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: "https://graph.microsoft.com/.default",
    }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

// The SDK attaches the token only to https URLs whose host name (without the port) is in
// customHosts: this is how an application points it at ProfilePhotos.
const client = Client.initWithMiddleware({
  baseUrl: service.origin + "/",
  customHosts: new Set([service.hostname]),
  authProvider: { getAccessToken: token },
});

test("a photo goes in and comes out through the JavaScript SDK", async () => {
  const upn = `js-${Date.now()}@contoso.com`;
  const user = await client.api("/users").post({
    accountEnabled: true,
    displayName: "JS User",
    mailNickname: "js",
    userPrincipalName: upn,
    passwordProfile: { password: "Corr3ct-Horse-Battery" },
  });
  assert.match(user.id, /^[0-9a-f-]{36}$/);

  const jpeg = await readFile(PHOTO_FILE);
  await client.api(`/users/${user.id}/photo/$value`).header("Content-Type", "image/jpeg").put(jpeg);

  const photo = await client.api(`/users/${encodeURIComponent(upn)}/photo`).get();
  assert.equal(photo.id, "240X240");
  assert.equal(photo.width, 240);

  const bytes = Buffer.from(await client.api(`/users/${user.id}/photo/$value`).responseType(ResponseType.ARRAYBUFFER).get());
  assert.equal(bytes[0], 0xff);
  assert.equal(bytes[1], 0xd8);

  const sizes = await client.api(`/users/${user.id}/photos`).get();
  assert.deepEqual(sizes.value.map((s) => s.id), ["48X48", "64X64", "96X96", "120X120", "240X240"]);

  const small = Buffer.from(await client.api(`/users/${user.id}/photos/48x48/$value`).responseType(ResponseType.ARRAYBUFFER).get());
  assert.ok(small.length > 100 && small.length < bytes.length);

  await client.api(`/users/${user.id}/photo`).delete();
  await assert.rejects(client.api(`/users/${user.id}/photo`).get(), (error) => {
    assert.ok(error instanceof GraphError);
    assert.equal(error.statusCode, 404);
    assert.equal(error.code, "ImageNotFound");
    return true;
  });
});

test("refusals surface as GraphError with Graph's status and code", async () => {
  await assert.rejects(client.api("/users/nobody@contoso.com").get(), (error) => {
    assert.equal(error.statusCode, 404);
    assert.equal(error.code, "Request_ResourceNotFound");
    return true;
  });
  await assert.rejects(client.api("/me").get(), (error) => {
    assert.equal(error.statusCode, 400);
    return true;
  });
});
