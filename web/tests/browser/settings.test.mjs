// Settings: connecting WhatsApp (sandbox and the Cloud API form), branding that restyles the
// dashboard, and the admin-only gate with the per-user notification preference.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createBusiness, launchBrowser, newPage, screenshot, signIn, startServer } from "./harness.mjs";

let server, browser, bakery;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  bakery = await createBusiness(server, {
    name: "Crumb Bakery",
    slug: "crumb-bakery",
    email: "olga@crumb.test",
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const settingsUrl = (slug, section) => `${server.url}/b/${slug}/settings/${section}`;

async function ownerPage() {
  const page = await newPage(browser);
  await signIn(page, server.url, bakery.email, bakery.password);
  await page.waitForURL(/\/b\/crumb-bakery\/inbox$/);
  return page;
}

test("the owner turns the sandbox on, writes as a customer and follows the link to the conversation", async () => {
  const page = await ownerPage();
  await page.goto(settingsUrl("crumb-bakery", "whatsapp"));
  const badge = page.getByTestId("connection-badge");
  await badge.getByText("Not connected").waitFor();
  assert.equal(await page.getByTestId("phone-numbers").count(), 0);

  await page.getByRole("button", { name: "Use the sandbox number" }).click();
  await badge.getByText("Connected").waitFor();
  const numbers = page.getByTestId("phone-numbers");
  await numbers.getByText("+1 555 010 0000").waitFor();
  await numbers.getByText("Sandbox", { exact: true }).waitFor();
  await numbers.getByText("High").waitFor(); // GREEN quality
  await page.getByRole("button", { name: "Check now" }).click();
  // No Meta and no token behind the sandbox: the check says so.
  const checked = page.getByTestId("check-result");
  await checked.getByText("The sandbox number is ready.").waitFor();
  assert.doesNotMatch(await checked.textContent(), /Meta|token/);
  await screenshot(page, "settings-whatsapp");

  const form = page.getByRole("form", { name: "Simulate a customer message" });
  await form.getByLabel("From phone").fill("12345");
  await form.getByLabel("Message").fill("Do you deliver on Sundays?");
  await form.getByRole("button", { name: "Send as the customer" }).click();
  await form.getByText("international form").waitFor();

  await form.getByLabel("From phone").fill("+1 555 000 0000"); // international, but no real number
  await form.getByRole("button", { name: "Send as the customer" }).click();
  await form.getByText("That is not a valid phone number.").waitFor();

  await form.getByLabel("From phone").fill("+351 912 345 678");
  await form.getByLabel("Customer name").fill("Maria Lopez");
  await form.getByRole("button", { name: "Send as the customer" }).click();
  const link = page.getByRole("link", { name: "Open the conversation" });
  await link.waitFor();

  const conversations = await bakery.owner.get(`/api/v1/businesses/${bakery.business.id}/conversations`);
  assert.equal(conversations.items.length, 1);
  assert.equal(conversations.items[0].contact.name, "Maria Lopez");
  assert.deepEqual(page.errors, []);
  await link.click();
  await page.waitForURL(`${server.url}/b/crumb-bakery/inbox/${conversations.items[0].id}`);
  await page.getByRole("link", { name: "Open the conversation" }).waitFor({ state: "detached" });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the Cloud API form asks for what is missing and shows the server's refusals in words", async () => {
  const page = await ownerPage();
  await page.goto(settingsUrl("crumb-bakery", "whatsapp"));
  const form = page.getByRole("form", { name: "Cloud API credentials" });
  await form.getByRole("button", { name: /Connect the Cloud API|Save and reconnect/ }).click();
  await form.getByText("Enter the WhatsApp Business Account id.").waitFor();
  await form.getByText("Enter the access token of a system user.").waitFor();

  await form.getByLabel("WhatsApp Business Account id").fill("not-a-number");
  await form.getByLabel("Access token").fill("EAAGtoken-12345");
  await form.getByLabel("App secret").fill("app-secret-12345");
  await form.getByRole("button", { name: /Connect the Cloud API/ }).click();
  await form.getByText("digits only").waitFor(); // the server's 422 invalid_waba_id, in words
  assert.equal(await form.getByText("Enter the WhatsApp Business Account id.").count(), 0);

  await form.getByLabel("WhatsApp Business Account id").fill("1234567890");
  await form.getByLabel("Access token").fill("short");
  await form.getByRole("button", { name: /Connect the Cloud API/ }).click();
  await form.getByText("doesn’t look like an access token").waitFor();
  // Nothing changed: still on the sandbox.
  await page.getByTestId("connection-badge").getByText("Connected").waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("branding renames the business and recolours the dashboard at once", async () => {
  const page = await ownerPage();
  await page.goto(settingsUrl("crumb-bakery", "branding"));
  const form = page.getByRole("form", { name: "Branding" });
  await form.getByLabel("Logo URL").fill("http://insecure.test/logo.png");
  await form.getByRole("button", { name: "Save branding" }).click();
  await form.getByText("Use an https:// address").waitFor();
  await form.getByLabel("Logo URL").fill("");

  await form.getByLabel("Business name").fill("Renamed Bakery");
  await form.getByLabel("Primary colour").fill("#d6336c");
  await form.getByLabel("Primary colour").press("Tab"); // on to the next field: the picker closes
  await page.getByTestId("branding-preview").getByText("Renamed Bakery").waitFor();
  const save = form.getByRole("button", { name: "Save branding" });
  await save.click();
  await page.getByTestId("business-switcher").getByText("Renamed Bakery").waitFor();
  await page.mouse.move(1, 400); // off the button: its hover shade is darker
  await page.waitForFunction(
    () =>
      getComputedStyle(document.querySelector('[data-testid="save-branding"]')).backgroundColor ===
      "rgb(214, 51, 108)",
    null,
    { timeout: 5000 },
  );
  const business = await bakery.owner.get(`/api/v1/businesses/${bakery.business.id}`);
  assert.equal(business.branding.primary_color, "#d6336c");
  assert.equal(business.name, "Renamed Bakery");
  await screenshot(page, "settings-branding");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("general settings: time zone, country and the opt-out words, checked by the server", async () => {
  const page = await ownerPage();
  await page.goto(settingsUrl("crumb-bakery", "general"));
  const form = page.getByRole("form", { name: "General settings" });
  await form.getByText("STOP", { exact: true }).waitFor(); // the server's defaults, shown as they apply
  await form.getByLabel("Time zone").fill("Lisbon");
  await page.getByRole("option", { name: "Europe/Lisbon" }).click();
  await form.getByLabel("Default country").fill("xx");
  await form.getByRole("button", { name: "Save settings" }).click();
  await form.getByText("ISO 3166 alpha-2").waitFor(); // the server's 422, under the field
  await form.getByLabel("Default country").fill("br");
  await form.getByText("Brazil:").waitFor();
  const optOut = form.getByLabel("Opt-out words");
  await optOut.fill("parar");
  await optOut.press("Enter");
  await form.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Settings saved.").waitFor();
  const business = await bakery.owner.get(`/api/v1/businesses/${bakery.business.id}`);
  assert.equal(business.settings.timezone, "Europe/Lisbon");
  assert.equal(business.settings.default_region, "BR");
  assert.deepEqual(business.settings.opt_out_keywords, ["STOP", "UNSUBSCRIBE", "PARAR"]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("an agent sees that settings are for owners and admins, but sets their own notifications", async () => {
  const invite = await bakery.owner.post(`/api/v1/businesses/${bakery.business.id}/invitations`, {
    email: "ada@crumb.test",
    role: "agent",
  });
  const accepted = await fetch(`${server.url}/api/v1/invitations/accept`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token: invite.token, name: "Ada Agent", password: "agent-password-1" }),
  });
  assert.equal(accepted.status, 200);

  const page = await newPage(browser);
  await page.context().grantPermissions(["notifications"], { origin: server.url });
  await signIn(page, server.url, "ada@crumb.test", "agent-password-1");
  await page.waitForURL(/\/b\/crumb-bakery\/inbox$/);
  await page.goto(settingsUrl("crumb-bakery", "whatsapp"));
  await page.getByText("Only owners and admins can change settings").waitFor();
  assert.equal(await page.getByRole("button", { name: "Use the sandbox number" }).count(), 0);
  assert.equal(await page.getByRole("form").count(), 0);
  assert.equal(await page.getByRole("tab", { name: "WhatsApp" }).count(), 0);

  await page.getByRole("link", { name: "Notification preferences" }).click();
  await page.waitForURL(/\/settings\/notifications$/);
  const toggle = page.getByRole("switch", { name: /Browser notifications for new messages/ });
  assert.equal(await toggle.isChecked(), false);
  await toggle.click({ force: true });
  const agentId = (await accepted.json()).user_id;
  await page.waitForFunction(
    (key) => localStorage.getItem(key) === "1",
    `sb_notify_${bakery.business.id}_${agentId}`,
    {
      timeout: 5000,
    },
  );
  assert.equal(await toggle.isChecked(), true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
