// A real OpenID Provider (panva/oidc-provider) for the sign-in tests.
//
//   node tests/idp/provider.mjs '<json options>'
//
// Options: {"port": 0, "clients": [{"client_id", "client_secret", "redirect_uris"}],
//           "accounts": {"<login>": {<claims>}}}
// Prints one JSON line {"issuer": "http://127.0.0.1:<port>"} once it listens, then serves until
// killed. Each account's claims are released by scope: openid → sub, email → email and
// email_verified, profile → name, employee → employee_no. The login page asks only for the
// account's login (no password: this provider exists for tests); consent is granted at once.
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";

import Provider from "oidc-provider";

const options = JSON.parse(process.argv[2] || "{}");
const accounts = options.accounts || {};

function key(type, alg, kid) {
  const pair =
    type === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { ...pair.privateKey.export({ format: "jwk" }), alg, kid, use: "sig" };
}

const server = http.createServer();
await new Promise((resolve) => server.listen(options.port || 0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: (options.clients || []).map((c) => ({
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    ...c,
  })),
  jwks: { keys: [key("rsa", "RS256", "rs-1"), key("ec", "ES256", "es-1")] },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
    employee: ["employee_no"],
  },
  // Put the scopes' claims into the ID token too (real providers such as Keycloak do).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  async findAccount(ctx, sub) {
    const claims = accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...claims }) };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ["scorebridge-test-idp-cookie-key"] },
});

const escape = (s) =>
  String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, clientId) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head>
<body><h1>Test IdP</h1><p>Sign in to continue to ${escape(clientId)}</p>
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Login <input name="login" autofocus required></label>
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) return false;
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (req.method === "POST" && match[2]) {
    const login = (await readForm(req)).get("login") || "";
    if (!accounts[login]) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(loginPage(details.uid, params.client_id).replace("<form", "<p>Unknown login</p><form"));
      return true;
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, {
      mergeWithLastSubmission: false,
    });
    return true;
  }
  if (prompt.name === "login") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(loginPage(details.uid, params.client_id));
    return true;
  }
  // consent: grant what was asked at once
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, {
    mergeWithLastSubmission: true,
  });
  return true;
}

const handle = provider.callback();
server.on("request", async (req, res) => {
  try {
    if (await interaction(req, res)) return;
  } catch (err) {
    res.writeHead(400, { "content-type": "text/plain" });
    res.end(String(err && err.message));
    return;
  }
  handle(req, res);
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
