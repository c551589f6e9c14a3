// Sign-in, the business switcher and the URL that carries the business.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createBusiness, launchBrowser, newPage, screenshot, signIn, startServer } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a wrong password is refused in plain words and a right one opens the first business", async () => {
  const { email, password } = await createBusiness(server, {
    name: "Alpha Bakery",
    slug: "alpha-bakery",
    email: "ana@alpha.test",
  });
  const page = await newPage(browser);
  await signIn(page, server.url, email, "not-the-password");
  await page.getByText("Wrong email or password", { exact: false }).waitFor();
  await screenshot(page, "login");
  await signIn(page, server.url, email, password);
  await page.waitForURL(/\/b\/alpha-bakery\/inbox$/);
  await page.getByTestId("business-switcher").getByText("Alpha Bakery").waitFor();
  assert.deepEqual(page.errors, []);
});

test("the server answers deep links with the app and unknown API paths with JSON", async () => {
  const page = await fetch(`${server.url}/b/whatever/contacts`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type"), /text\/html/);
  assert.match(page.headers.get("content-security-policy"), /script-src 'self'/);
  const api = await fetch(`${server.url}/api/v1/nope`);
  assert.equal(api.status, 404);
  assert.match(api.headers.get("content-type"), /problem\+json/);
  const missing = await fetch(`${server.url}/assets/missing.js`);
  assert.equal(missing.status, 404);
});
