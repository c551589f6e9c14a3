// The contacts page: CSV import with live progress, search, bulk assignment, text that stays
// text, and what an agent is (not) offered.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createBusiness, launchBrowser, newPage, screenshot, signIn, startServer } from "./harness.mjs";

let server, browser, biz, ownerPage;
const slug = "harbor-leads";
const contactsUrl = () => `${server.url}/b/${slug}/contacts`;
const ROWS = 3000;
const BAD = new Set([10, 1500, 2999]); // row indexes with an unusable phone
const lineOf = (i) => i + 2; // the header is line 1

function buildCsv() {
  const lines = ["phone,name,tags,city"];
  for (let i = 0; i < ROWS; i++) {
    const phone = BAD.has(i) ? "abc" : `+351912${String(i).padStart(6, "0")}`;
    lines.push(`${phone},Person ${i},${i % 2 ? "vip;lisbon" : "lisbon"},Lisbon`);
  }
  return lines.join("\n") + "\n";
}

async function joinAs(role, email, name) {
  const password = "member-password-1";
  const inv = await biz.owner.post(`/api/v1/businesses/${biz.business.id}/invitations`, { email, role });
  const res = await fetch(`${server.url}/api/v1/invitations/accept`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token: inv.token, name, password }),
  });
  assert.equal(res.status, 200, await res.text());
  return { email, password, name };
}

async function openContacts(page, email, password) {
  await signIn(page, server.url, email, password);
  await page.waitForURL(/\/b\/harbor-leads\//);
  await page.goto(contactsUrl());
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  biz = await createBusiness(server, {
    name: "Harbor Leads",
    slug,
    email: "olga@harbor.test",
    ownerName: "Olga",
  });
  ownerPage = await newPage(browser);
  await openContacts(ownerPage, biz.email, biz.password);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("an empty list explains what to do; a CSV import shows progress, counts and the skipped lines", async () => {
  const page = ownerPage;
  const empty = page.getByTestId("contacts-empty");
  await empty.getByText("Add a contact or import a CSV", { exact: false }).waitFor();
  await empty.getByRole("button", { name: "Add contact" }).waitFor();
  await empty.getByRole("button", { name: "Import CSV" }).click();

  const modal = page.getByRole("dialog", { name: "Import contacts from CSV" });
  await modal.getByText("phone,name,tags,lead_status,owner_user_id,opted_out", { exact: false }).waitFor();
  // A file without a phone column is refused in plain words.
  await modal.locator('input[type="file"]').setInputFiles({
    name: "names.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("name,city\nAna,Porto\n"),
  });
  await modal.getByRole("button", { name: "Start import" }).click();
  await modal.getByText("This file can't be imported: The header row has no `phone` column.").waitFor();
  await modal
    .locator('input[type="file"]')
    .setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(buildCsv()) });
  await modal.getByText("leads.csv").waitFor();
  await modal.getByRole("button", { name: "Start import" }).click();
  await modal.getByTestId("import-progress").waitFor();
  await modal.getByText("Import finished").waitFor({ timeout: 30_000 });

  assert.equal(
    await modal.getByTestId("import-created").innerText(),
    (ROWS - BAD.size).toLocaleString("en-US"),
  );
  assert.equal(await modal.getByTestId("import-updated").innerText(), "0");
  assert.equal(await modal.getByTestId("import-skipped").innerText(), String(BAD.size));
  const rejected = modal.getByTestId("rejected-lines").locator("tbody tr");
  assert.equal(await rejected.count(), BAD.size);
  for (const [n, i] of [...BAD].entries()) {
    const cells = await rejected.nth(n).locator("td").allInnerTexts();
    assert.equal(cells[0], String(lineOf(i)));
    assert.match(cells[1], /invalid phone number: abc/);
  }
  await screenshot(page, "contacts-import");
  await modal.getByRole("button", { name: "Done" }).click();
  await modal.waitFor({ state: "hidden" });

  // The list refreshed: the first page, then more while scrolling.
  await page.getByTestId("contact-row").first().waitFor();
  await page.getByTestId("contacts-loaded").getByText("200 contacts loaded", { exact: false }).waitFor();
  await page.getByTestId("contacts-scroll").evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await page.getByTestId("contacts-loaded").getByText("400 contacts loaded", { exact: false }).waitFor();
  const inDom = await page.getByTestId("contact-row").count();
  assert.ok(inDom < 100, `only the rows in view are rendered (${inDom})`);

  // Search, debounced, in the URL.
  await page.getByLabel("Search contacts").fill("Person 2345");
  await page.waitForURL(/[?&]q=Person\+2345/);
  await page.getByTestId("contact-row").getByText("Person 2345", { exact: true }).waitFor();
  assert.equal(await page.getByTestId("contact-row").count(), 1);
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await page.waitForURL((u) => !u.search.includes("q="));
  await page.getByTestId("contact-row").nth(5).waitFor();
  assert.equal(await page.getByLabel("Search contacts").inputValue(), "");
  assert.deepEqual(page.errors, []);
});

test("adding a contact explains a bad or duplicate phone next to the field", async () => {
  const page = ownerPage;
  await page.getByRole("button", { name: "Add contact" }).click();
  const modal = page.getByRole("dialog", { name: "Add a contact" });
  await modal.getByLabel("Phone").fill("12");
  await modal.getByRole("button", { name: "Add contact" }).click();
  await modal.getByText("This isn't a phone number we can use", { exact: false }).waitFor();
  await modal.getByLabel("Phone").fill("+351912000001");
  await modal.getByRole("button", { name: "Add contact" }).click();
  await modal.getByText("A contact with this phone number already exists.").waitFor();
  await modal.getByLabel("Phone").fill("+351913999999");
  await modal.getByLabel("Name").fill("Walk In");
  await modal.getByRole("button", { name: "Add contact" }).click();
  await modal.waitFor({ state: "hidden" });
  await page.getByTestId("contact-row").first().getByText("Walk In", { exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
});

test("names are shown as text, in the table and in the drawer", async () => {
  const evil = "<img src=x onerror=alert(1)>";
  const created = await biz.owner.post(`/api/v1/businesses/${biz.business.id}/contacts`, {
    phone: "+351913000001",
    name: evil,
  });
  await biz.owner.post(`/api/v1/businesses/${biz.business.id}/contacts/${created.id}/notes`, {
    text: "<script>alert(2)</script>",
  });
  const page = ownerPage;
  await page.goto(contactsUrl());
  const row = page.getByTestId("contact-row").first();
  await row.getByText(evil, { exact: true }).waitFor();
  await row.click();
  await page.getByTestId("contact-drawer-title").getByText(evil, { exact: true }).waitFor();
  await page.getByTestId("contact-note").getByText("<script>alert(2)</script>", { exact: true }).waitFor();
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  await page.keyboard.press("Escape");
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.errors, []);
});

test("a contact is edited in its drawer, and deleted after a warning", async () => {
  const page = ownerPage;
  await page.goto(`${contactsUrl()}?q=Person+1234`);
  const row = page.getByTestId("contact-row");
  await row.getByText("Person 1234", { exact: true }).waitFor();
  await row.click();
  const drawer = page.getByRole("dialog");
  assert.equal(await drawer.getByLabel("Attribute 1 name").inputValue(), "city");
  await drawer.getByLabel("Name", { exact: true }).fill("Person 1234 Costa");
  await drawer.getByRole("combobox", { name: "Lead status" }).click();
  await page.getByRole("option", { name: "Qualified" }).click();
  await drawer.getByLabel("New note").fill("Called on Monday; wants a demo.");
  await drawer.getByRole("button", { name: "Add note" }).click();
  await drawer.getByTestId("contact-note").getByText("Called on Monday; wants a demo.").waitFor();
  await drawer.getByRole("button", { name: "Save changes" }).click();
  await page.getByText("Changes saved.").waitFor();
  await row.getByText("Person 1234 Costa", { exact: true }).waitFor();
  await row.getByText("Qualified").waitFor();
  const saved = await biz.owner.get(`/api/v1/businesses/${biz.business.id}/contacts?query=Costa`);
  assert.equal(saved.items[0].lead_status, "qualified");
  const notes = await biz.owner.get(
    `/api/v1/businesses/${biz.business.id}/contacts/${saved.items[0].id}/notes`,
  );
  assert.deepEqual(
    notes.items.map((n) => n.text),
    ["Called on Monday; wants a demo."],
  );
  assert.equal(saved.items[0].attributes.city, "Lisbon");

  await drawer.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete this contact?" });
  await confirm.getByText("conversations and messages", { exact: false }).waitFor();
  await confirm.getByRole("button", { name: "Delete contact" }).click();
  await page.getByText("No contacts match").waitFor();
  const gone = await biz.owner.get(`/api/v1/businesses/${biz.business.id}/contacts?query=Costa`);
  assert.equal(gone.items.length, 0);
  assert.deepEqual(page.errors, []);
});

test("selected contacts are assigned to a member, who then shows as their owner", async () => {
  const sam = await joinAs("manager", "sam@harbor.test", "Sam Seller");
  const page = ownerPage;
  await page.goto(contactsUrl());
  const rows = page.getByTestId("contact-row");
  await rows.first().waitFor();
  const names = [];
  for (let i = 0; i < 3; i++) {
    names.push(await rows.nth(i).locator("td").nth(1).innerText());
    await rows.nth(i).getByRole("checkbox").check();
  }
  const bar = page.getByTestId("bulk-assign-bar");
  await bar.getByText("3 selected").waitFor();
  await bar.getByRole("combobox", { name: "Assign to member" }).click();
  await page.getByRole("option", { name: "Sam Seller" }).click();
  await bar.getByRole("button", { name: "Assign 3" }).click();
  await page.getByText("Assigned 3 contacts").waitFor();
  for (let i = 0; i < 3; i++)
    assert.equal(await rows.nth(i).getByTestId("contact-owner").innerText(), sam.name);
  assert.equal(await rows.nth(3).getByTestId("contact-owner").innerText(), "—");
  await screenshot(page, "contacts");

  // The server agrees: filter by owner.
  await page.getByRole("combobox", { name: "Owner" }).click();
  await page.getByRole("option", { name: "Sam Seller" }).click();
  await page.waitForURL(/[?&]owner=/);
  await page.getByTestId("contacts-loaded").getByText("3 contacts loaded", { exact: true }).waitFor();
  const shown = await rows.locator("td:nth-child(2)").allInnerTexts();
  assert.deepEqual(shown.sort(), names.sort());

  // Export follows the filters.
  const href = await page.getByRole("link", { name: "Export" }).getAttribute("href");
  assert.match(href, /\/contacts\/export\.csv\?owner_user_id=/);
  const csv = await page.evaluate(async (h) => (await fetch(h)).text(), href);
  const lines = csv.trim().split("\n");
  assert.match(lines[0], /^phone,name,tags,lead_status,owner_user_id/);
  assert.equal(lines.length, 4);

  // Round robin: the next four, alternately to Sam and Olga, in the order picked.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.waitForURL((u) => !u.search.includes("owner="));
  await rows.nth(6).waitFor();
  for (let i = 3; i < 7; i++) await rows.nth(i).getByRole("checkbox").check();
  await bar.getByText("4 selected").waitFor();
  await bar.getByText("Round robin").click();
  const picker = bar.getByRole("combobox", { name: "Round robin across members" });
  for (const who of [sam.name, "Olga"]) {
    await picker.click();
    await page.getByRole("option", { name: who }).click();
  }
  await page.keyboard.press("Escape");
  await bar.getByRole("button", { name: "Assign 4" }).click();
  await page.getByText("Assigned 4 contacts").waitFor();
  const owners = [];
  for (let i = 3; i < 7; i++) owners.push(await rows.nth(i).getByTestId("contact-owner").innerText());
  assert.deepEqual(owners, [sam.name, "Olga", sam.name, "Olga"]);
  assert.deepEqual(page.errors, []);
});

test("an agent gets a read-only list: no add, import, export or assignment", async () => {
  const agent = await joinAs("agent", "aga@harbor.test", "Aga Agent");
  const page = await newPage(browser);
  await openContacts(page, agent.email, agent.password);
  const rows = page.getByTestId("contact-row");
  await rows.first().waitFor();
  for (const name of ["Add contact", "Import CSV", "Export"])
    assert.equal(await page.getByRole("button", { name }).count(), 0, name);
  assert.equal(await page.getByRole("link", { name: "Export" }).count(), 0);
  assert.equal(await page.getByRole("checkbox").count(), 0);
  await rows.first().click();
  await page.getByTestId("contact-drawer-title").waitFor();
  assert.equal(await page.getByRole("button", { name: "Save changes" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Delete" }).count(), 0);
  await page.getByRole("dialog").getByText("Owner").waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a link to one contact (from the inbox) opens its drawer, and closing it clears the link", async () => {
  const c = await biz.owner.post(`/api/v1/businesses/${biz.business.id}/contacts`, {
    phone: "+351913000777",
    name: "Linked Lucia",
  });
  const page = ownerPage;
  await page.goto(`${contactsUrl()}?contact=${c.id}`);
  await page.getByTestId("contact-drawer-title").getByText("Linked Lucia", { exact: true }).waitFor();
  await page.keyboard.press("Escape");
  await page.waitForURL((u) => !u.searchParams.has("contact"));
  assert.deepEqual(page.errors, []);
});
