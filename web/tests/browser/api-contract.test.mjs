// The dashboard's API types (src/api/types.ts) checked against the server's OpenAPI document:
// every field the dashboard reads must be one the server documents, so a rename on either
// side fails here instead of showing blanks in the browser.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { startServer, webDir } from "./harness.mjs";

// TypeScript interface -> the OpenAPI component schema it mirrors.
const MIRRORS = {
  BusinessSummary: "BusinessSummary",
  Business: "Business",
  Member: "Member",
  Invitation: "Invitation",
  Contact: "Contact",
  Conversation: "Conversation",
  Message: "Message",
  PhoneNumber: "PhoneNumber",
  WhatsAppConnection: "WhatsAppConnection",
  PlatformBusiness: "PlatformBusiness",
};

// Property names of each interface in types.ts, including those it extends.
function interfaceFields(file) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const own = new Map();
  const parents = new Map();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const name = node.name.text;
    own.set(
      name,
      node.members.filter(ts.isPropertySignature).map((m) => m.name.getText(source)),
    );
    parents.set(
      name,
      (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source))),
    );
  });
  const all = (name) => [...(own.get(name) ?? []), ...(parents.get(name) ?? []).flatMap(all)];
  return all;
}

let server;
before(async () => (server = await startServer()));
after(async () => server?.stop());

test("every field the dashboard's types name is in the server's OpenAPI schemas", async () => {
  const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  const fields = interfaceFields(path.join(webDir, "src/api/types.ts"));
  const missing = [];
  for (const [iface, schemaName] of Object.entries(MIRRORS)) {
    const schema = doc.components.schemas[schemaName];
    assert.ok(schema, `OpenAPI has no schema ${schemaName}`);
    const props = new Set(Object.keys(schema.properties ?? {}));
    const names = fields(iface);
    assert.ok(names.length > 0, `types.ts has no interface ${iface}`);
    for (const f of names) if (!props.has(f)) missing.push(`${iface}.${f}`);
  }
  assert.deepEqual(
    missing,
    [],
    `fields the dashboard reads but the API doesn't document: ${missing.join(", ")}`,
  );
});
