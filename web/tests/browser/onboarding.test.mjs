// Onboarding end to end: the platform admin creates a business with its admin, the admin
// signs in with the temporary password and invites an agent, the agent joins by the link.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  PLATFORM_ADMIN,
  createBusiness,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  startServer,
} from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("platform admin onboards a business, its admin invites an agent, the agent joins it only", async () => {
  // Another business the agent must never see.
  const platform = await server.api(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  await platform.post("/api/v1/platform/businesses", {
    name: "Other Shop",
    slug: "other-shop",
    admin_email: "other@shop.test",
  });

  // 1. The platform admin, who belongs to no business, lands on /platform.
  const admin = await newPage(browser);
  await signIn(admin, server.url, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  await admin.waitForURL(/\/platform$/);
  await admin.getByRole("row", { name: /Other Shop/ }).waitFor();

  await admin.getByRole("button", { name: "Create business" }).click();
  const form = admin.getByRole("dialog", { name: "Create a business" });
  await form.getByLabel("Business name").fill("Northwind Tea");
  assert.equal(await form.getByLabel("Address").inputValue(), "northwind-tea");
  await form.getByLabel("Admin email").fill("nora@northwind.test");
  await form.getByLabel("Admin name").fill("Nora North");
  await form.getByRole("button", { name: "Create business" }).click();

  const ready = admin.getByRole("dialog", { name: "Northwind Tea is ready" });
  await ready.getByText("shown only once").waitFor();
  const temporary = await ready.getByRole("textbox", { name: "Temporary password" }).inputValue();
  assert.ok(temporary.length >= 10, `temporary password "${temporary}"`);
  await ready.getByRole("button", { name: "I've saved it" }).click();
  await admin.getByRole("dialog").waitFor({ state: "detached" });
  const row = admin.getByRole("row", { name: /Northwind Tea/ });
  await row.getByText("northwind-tea").waitFor();
  await row.getByText("Active").waitFor();
  await screenshot(admin, "platform");

  // 2. The business admin signs in with it, must choose a password, and lands in the business.
  const owner = await newPage(browser);
  await signIn(owner, server.url, "nora@northwind.test", temporary);
  await owner.waitForURL(/\/change-password/);
  await owner.getByLabel("Temporary password").fill(temporary);
  await owner.getByRole("textbox", { name: "New password", exact: true }).fill("nora-own-password-1");
  await owner.getByLabel("Repeat the new password").fill("nora-own-password-1");
  await owner.getByRole("button", { name: "Save password" }).click();
  await owner.waitForURL(/\/b\/northwind-tea\/inbox$/);

  await owner.getByRole("link", { name: "Team" }).click();
  await owner.waitForURL(/\/b\/northwind-tea\/team$/);
  await owner.getByText("No pending invitations").waitFor();
  await owner.getByRole("textbox", { name: "Email" }).fill("ali@northwind.test");
  await owner.getByRole("button", { name: "Send invitation" }).click();
  const link = await owner.getByRole("textbox", { name: "Invitation link" }).inputValue();
  assert.match(link, /\/accept-invitation\?token=/);
  await owner
    .getByRole("row", { name: /ali@northwind\.test/ })
    .getByText("Agent")
    .waitFor();
  await screenshot(owner, "team");

  // 3. The agent opens the link with no account, creates one and lands in the inbox.
  const agent = await newPage(browser);
  await agent.goto(link);
  await agent.getByLabel("Your name").fill("Ali Agent");
  await agent.getByLabel("Email the invitation was sent to").fill("ali@northwind.test");
  await agent.getByLabel("Choose a password").fill("ali-password-12");
  await agent.getByRole("button", { name: "Accept invitation" }).click();
  await agent.waitForURL(/\/b\/northwind-tea\/inbox$/);

  await agent.getByTestId("business-switcher").click();
  await agent.getByRole("menuitem", { name: /Northwind Tea/ }).waitFor();
  const items = await agent.getByRole("menuitem").allTextContents();
  assert.deepEqual(
    items.map((t) => t.trim()).filter((t) => t !== "Create business"),
    ["Northwind TeaAgent"],
    `switcher lists ${JSON.stringify(items)}`,
  );
  await agent.keyboard.press("Escape");
  assert.equal(await agent.getByRole("link", { name: "Settings" }).count(), 0);

  // The agent sees the team read-only: no invitations, no role controls.
  await agent.getByRole("link", { name: "Team" }).click();
  await agent
    .getByRole("row", { name: /Nora North/ })
    .getByText("Owner")
    .waitFor();
  await agent
    .getByRole("row", { name: /Ali Agent/ })
    .getByText("You")
    .waitFor();
  assert.equal(await agent.getByRole("button", { name: "Send invitation" }).count(), 0);
  assert.equal(await agent.getByRole("combobox").count(), 0);

  // The owner sees the agent joined, the invitation gone, and may change the agent's role;
  // demoting the only owner is refused in plain words.
  await owner.reload();
  const aliRow = owner.getByRole("row", { name: /Ali Agent/ });
  await aliRow.waitFor();
  await owner.getByText("No pending invitations").waitFor();
  await owner.getByRole("combobox", { name: "Role of Ali Agent" }).click();
  await owner.getByRole("option", { name: /Manager/ }).click();
  await owner.getByText("Ali Agent is now Manager.").waitFor();
  await owner.getByRole("combobox", { name: "Role of Nora North" }).click();
  await owner.getByRole("option", { name: /Admin/ }).click();
  await owner.getByText("A business needs at least one owner", { exact: false }).waitFor();

  for (const page of [admin, owner, agent]) assert.deepEqual(page.errors, []);
});

test("the team's admin revokes an invitation, removes a member; a member leaves", async () => {
  const { business, owner, email, password } = await createBusiness(server, {
    name: "Harbor Cafe",
    slug: "harbor-cafe",
    email: "hana@harbor.test",
    ownerName: "Hana Harbor",
  });
  const b = business.id;
  // Two agents who joined, each with a new account.
  for (const [who, mail] of [
    ["Milo Mate", "milo@harbor.test"],
    ["Lena Leaver", "lena@harbor.test"],
  ]) {
    const inv = await owner.post(`/api/v1/businesses/${b}/invitations`, { email: mail, role: "agent" });
    const res = await fetch(`${server.url}/api/v1/invitations/accept`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: inv.token, name: who, password: "agent-password-1" }),
    });
    assert.equal(res.status, 200);
  }
  await owner.post(`/api/v1/businesses/${b}/invitations`, { email: "late@harbor.test", role: "manager" });

  const page = await newPage(browser, { width: 390, height: 844 });
  await signIn(page, server.url, email, password);
  await page.waitForURL(/\/b\/harbor-cafe\/inbox$/);
  await page.goto(`${server.url}/b/harbor-cafe/team`);
  await page.getByRole("heading", { name: "Members (3)" }).waitFor();

  const pending = page.getByTestId("invitation-row").filter({ hasText: "late@harbor.test" });
  await pending.getByText("Manager").waitFor();
  await pending.getByText(/in \d+ days/).waitFor();
  await page.getByRole("button", { name: "Revoke the invitation of late@harbor.test" }).click();
  await page.getByText("No pending invitations").waitFor();

  await page.getByRole("button", { name: "Remove Milo Mate" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove Milo Mate?" });
  await confirm.getByRole("button", { name: "Remove from team" }).click();
  await page.getByRole("heading", { name: "Members (2)" }).waitFor();
  assert.equal(await page.getByTestId("member-row").filter({ hasText: "Milo Mate" }).count(), 0);

  // The only owner is told why they can't leave.
  await page.getByRole("button", { name: "Leave business" }).click();
  await page.getByText("You are the only owner").waitFor();
  await page.getByRole("button", { name: "Close" }).click();

  // Lena leaves from her own team page and is taken out of the business.
  const lena = await newPage(browser);
  await signIn(lena, server.url, "lena@harbor.test", "agent-password-1");
  await lena.waitForURL(/\/b\/harbor-cafe\/inbox$/);
  await lena.getByRole("link", { name: "Team" }).click();
  await lena.getByRole("button", { name: "Leave business" }).click();
  await lena
    .getByRole("dialog", { name: "Leave Harbor Cafe?" })
    .getByRole("button", { name: "Leave business" })
    .click();
  await lena.waitForURL((u) => !u.pathname.startsWith("/b/harbor-cafe"));
  await lena.goto(`${server.url}/b/harbor-cafe/team`);
  await lena.getByText("No such business").waitFor();

  await page.reload();
  await page.getByRole("heading", { name: "Members (1)" }).waitFor();
  for (const p of [page, lena]) assert.deepEqual(p.errors, []);
});

test("platform admin suspends and resumes a business, pages through many; others are kept out", async () => {
  const platform = await server.api(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  // An existing account as admin: no temporary password to hash, so these are quick.
  for (let i = 0; i < 52; i++)
    await platform.post("/api/v1/platform/businesses", {
      name: `Bulk ${String(i).padStart(2, "0")}`,
      slug: `bulk-${i}`,
      admin_email: "other@shop.test",
    });

  const page = await newPage(browser);
  await signIn(page, server.url, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  await page.waitForURL(/\/platform$/);
  const rows = page.getByTestId("platform-business-row");
  await page.getByRole("button", { name: "Load more" }).waitFor();
  const first = await rows.count();
  assert.equal(first, 50);
  await page.getByRole("button", { name: "Load more" }).click();
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="platform-business-row"]').length > n,
    first,
  );
  assert.equal(await page.getByRole("button", { name: "Load more" }).count(), 0);

  const row = page.getByRole("row", { name: /Harbor Cafe/ });
  await row.getByRole("button", { name: "Suspend Harbor Cafe" }).click();
  await page
    .getByRole("dialog", { name: "Suspend Harbor Cafe?" })
    .getByRole("button", { name: "Suspend" })
    .click();
  await row.getByText("Suspended").waitFor();
  const listed = await platform.get("/api/v1/platform/businesses?limit=200");
  assert.equal(listed.items.find((b) => b.slug === "harbor-cafe").suspended, true);
  await row.getByRole("button", { name: "Unsuspend Harbor Cafe" }).click();
  await page
    .getByRole("dialog", { name: "Unsuspend Harbor Cafe?" })
    .getByRole("button", { name: "Unsuspend" })
    .click();
  await row.getByText("Active").waitFor();

  // Creating with an existing account: no password, and a word on why.
  await page.getByRole("button", { name: "Create business" }).click();
  const form = page.getByRole("dialog", { name: "Create a business" });
  await form.getByLabel("Business name").fill("Harbor Cafe");
  await form.getByLabel("Admin email").fill("hana@harbor.test");
  await form.getByRole("button", { name: "Create business" }).click();
  await form.getByText("Another business already uses this slug.").waitFor();
  await form.getByLabel("Address").fill("harbor-cafe-2");
  await form.getByRole("button", { name: "Create business" }).click();
  const ready = page.getByRole("dialog", { name: "Harbor Cafe is ready" });
  await ready.getByText("An existing account is the owner").waitFor();
  assert.equal(await ready.getByRole("textbox", { name: "Temporary password" }).count(), 0);
  await ready.getByRole("button", { name: "Done" }).click();

  // A business owner who isn't a platform admin is told so.
  const outsider = await newPage(browser);
  await signIn(outsider, server.url, "nora@northwind.test", "nora-own-password-1");
  await outsider.waitForURL(/\/b\/northwind-tea\/inbox$/);
  await outsider.goto(`${server.url}/platform`);
  await outsider.getByText("Only platform administrators can open this page").waitFor();
  assert.equal(await outsider.getByRole("button", { name: "Create business" }).count(), 0);

  for (const p of [page, outsider]) assert.deepEqual(p.errors, []);
});
