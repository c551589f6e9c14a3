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

test("slug.<base domain> shows that business on the sign-in page and opens it after sign-in", async () => {
  const { email, password } = await createBusiness(server, {
    name: "Gamma Tea",
    slug: "gamma-tea",
    email: "gil@gamma.test",
  });
  // Chromium resolves every *.localhost name to the loopback address; the server's base domain is localhost.
  const port = new URL(server.url).port;
  const page = await newPage(browser);
  await page.goto(`http://gamma-tea.localhost:${port}/login`);
  await page.getByText("Gamma Tea").first().waitFor();
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/b\/gamma-tea\/inbox$/);
  assert.deepEqual(page.errors, []);
});

test("a signed-out visitor of a deep link signs in and comes back to it", async () => {
  const { email, password } = await createBusiness(server, {
    name: "Delta Deli",
    slug: "delta-deli",
    email: "dan@delta.test",
  });
  const page = await newPage(browser);
  await page.goto(`${server.url}/b/delta-deli/team`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/b\/delta-deli\/team$/);
  assert.deepEqual(page.errors, []);
});
