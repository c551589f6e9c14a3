// One user in two businesses with different roles: the URL carries the business, the switcher
// moves between them, every page shows only the current business's data, Back goes back.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createBusiness, launchBrowser, newPage, signIn, startServer } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const membersShown = async (page) =>
  (await page.getByTestId("member-row").allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());

test("switching business swaps the data, shows the role there, and Back returns", async () => {
  const alpha = await createBusiness(server, {
    name: "Alpha Works",
    slug: "alpha-works",
    email: "sam@alpha.test",
    ownerName: "Sam Swift",
  });
  const beta = await createBusiness(server, {
    name: "Beta Labs",
    slug: "beta-labs",
    email: "bea@beta.test",
    ownerName: "Bea Boss",
  });
  await createBusiness(server, { name: "Gamma Goods", slug: "gamma-goods", email: "gus@gamma.test" });

  // Sam, owner of Alpha, joins Beta as an agent with their own account.
  const invitation = await beta.owner.post(`/api/v1/businesses/${beta.business.id}/invitations`, {
    email: "sam@alpha.test",
    role: "agent",
  });
  const joined = await alpha.owner.post("/api/v1/invitations/accept", { token: invitation.token });
  assert.equal(joined.role, "agent");
  await alpha.owner.post(`/api/v1/businesses/${alpha.business.id}/contacts`, {
    phone: "+351912345671",
    name: "Only In Alpha",
  });
  await beta.owner.post(`/api/v1/businesses/${beta.business.id}/contacts`, {
    phone: "+351912345672",
    name: "Only In Beta",
  });

  const page = await newPage(browser);
  await signIn(page, server.url, alpha.email, alpha.password);
  await page.waitForURL(/\/b\/(alpha-works|beta-labs)\/inbox$/);

  // Alpha's contacts, and its team: Sam is the only member and the owner, so may invite.
  await page.goto(`${server.url}/b/alpha-works/contacts`);
  await page.getByText("Only In Alpha").first().waitFor();
  assert.equal(await page.getByText("Only In Beta").count(), 0);
  await page.getByRole("link", { name: "Team" }).click();
  await page.getByRole("heading", { name: "Members (1)" }).waitFor();
  const alphaMembers = await membersShown(page);
  assert.equal(alphaMembers.length, 1);
  assert.match(alphaMembers[0], /Sam Swift.*sam@alpha\.test/);
  assert.equal(await page.getByRole("combobox", { name: "Role of Sam Swift" }).inputValue(), "Owner");
  await page.getByRole("button", { name: "Send invitation" }).waitFor();

  // The switcher lists both with Sam's role in each, and not Gamma.
  await page.getByTestId("business-switcher").click();
  const alphaItem = page.getByRole("menuitem", { name: /Alpha Works/ });
  const betaItem = page.getByRole("menuitem", { name: /Beta Labs/ });
  assert.match(await alphaItem.textContent(), /Owner/);
  assert.match(await betaItem.textContent(), /Agent/);
  assert.equal(await page.getByRole("menuitem", { name: /Gamma Goods/ }).count(), 0);
  await betaItem.click();

  // The switch keeps the section: Beta's team, where Sam is an agent: read-only, no settings.
  await page.waitForURL(/\/b\/beta-labs\/team$/);
  await page.getByTestId("business-switcher").getByText("Beta Labs").waitFor();
  await page.getByRole("heading", { name: "Members (2)" }).waitFor();
  const betaMembers = await membersShown(page);
  assert.ok(
    betaMembers.some((m) => m.includes("Bea Boss") && m.includes("Owner")),
    betaMembers.join("|"),
  );
  assert.ok(
    betaMembers.some((m) => m.includes("Sam Swift") && m.includes("Agent")),
    betaMembers.join("|"),
  );
  assert.equal(await page.getByRole("button", { name: "Send invitation" }).count(), 0);
  assert.equal(await page.getByRole("combobox").count(), 0);
  assert.equal(await page.getByRole("link", { name: "Settings" }).count(), 0);
  await page.getByRole("link", { name: "Contacts" }).click();
  await page.waitForURL(/\/b\/beta-labs\/contacts$/);
  await page.getByText("Only In Beta").first().waitFor();
  assert.equal(await page.getByText("Only In Alpha").count(), 0);

  // Back through Beta's pages to Alpha's team, then Alpha's contacts, each with Alpha's data.
  await page.goBack();
  await page.waitForURL(/\/b\/beta-labs\/team$/);
  await page.getByRole("heading", { name: "Members (2)" }).waitFor();
  await page.goBack();
  await page.waitForURL(/\/b\/alpha-works\/team$/);
  await page.getByTestId("business-switcher").getByText("Alpha Works").waitFor();
  await page.getByRole("heading", { name: "Members (1)" }).waitFor();
  assert.equal(await page.getByText("Bea Boss").count(), 0);
  await page.getByRole("link", { name: "Settings" }).waitFor();
  await page.goBack();
  await page.waitForURL(/\/b\/alpha-works\/contacts$/);
  await page.getByText("Only In Alpha").first().waitFor();
  assert.equal(await page.getByText("Only In Beta").count(), 0);

  // From Alpha's settings, Beta (where Sam may not manage settings) opens at its inbox.
  await page.getByRole("link", { name: "Settings" }).click();
  await page.waitForURL(/\/b\/alpha-works\/settings/);
  await page.getByTestId("business-switcher").click();
  await page.getByRole("menuitem", { name: /Beta Labs/ }).click();
  await page.waitForURL(/\/b\/beta-labs\/inbox$/);
  await page.getByTestId("business-switcher").getByText("Beta Labs").waitFor();
  await page.goBack();
  await page.waitForURL(/\/b\/alpha-works\/settings/);
  await page.getByTestId("business-switcher").getByText("Alpha Works").waitFor();

  // A business Sam is not in.
  await page.goto(`${server.url}/b/gamma-goods/inbox`);
  await page.getByText("No such business").waitFor();
  assert.equal(await page.getByText("Gamma Goods").count(), 0);

  assert.deepEqual(page.errors, []);
});
