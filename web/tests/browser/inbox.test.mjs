// The inbox: a sandbox customer's message listed and opened, new messages arriving live,
// a reply whose ticks move to read, resolving, and another business's conversations unseen.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createBusiness, launchBrowser, newPage, screenshot, signIn, startServer } from "./harness.mjs";

let server, browser, alpha, beta, alphaConversation, betaConversation;

async function sandbox(owner, businessId) {
  await owner.put(`/api/v1/businesses/${businessId}/whatsapp`, { mode: "sandbox" });
  return (from_phone, text, name) =>
    owner.post(`/api/v1/businesses/${businessId}/sandbox/inbound`, { from_phone, text, name });
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alpha = await createBusiness(server, {
    name: "Padaria Alfa",
    slug: "padaria-alfa",
    email: "ana@alfa.test",
  });
  beta = await createBusiness(server, { name: "Beta Bikes", slug: "beta-bikes", email: "bia@beta.test" });
  alpha.inject = await sandbox(alpha.owner, alpha.business.id);
  beta.inject = await sandbox(beta.owner, beta.business.id);
  alphaConversation = (await alpha.inject("+5511999990001", "Oi, vocês abrem amanhã?", "João Silva"))
    .conversation_id;
  betaConversation = (await beta.inject("+5511988887777", "Is my bike ready?", "Maria Outra"))
    .conversation_id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const item = (page, id) => page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`);

test("an owner reads, gets live messages, replies until read, and resolves", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, alpha.email, alpha.password);
  await page.waitForURL(/\/b\/padaria-alfa\/inbox$/);

  // Listed with its unread badge; the other business's customer is nowhere.
  const row = item(page, alphaConversation);
  await row.getByText("João Silva").waitFor();
  assert.equal((await row.getByTestId("unread-badge").textContent()).trim(), "1");
  assert.match(await row.getByTestId("conversation-preview").textContent(), /Oi, vocês abrem amanhã\?/);
  assert.equal(await page.getByText("Maria Outra").count(), 0);
  assert.equal(await item(page, betaConversation).count(), 0);

  // Opening it shows the message and reads it.
  await row.click();
  await page.waitForURL(new RegExp(`/inbox/${alphaConversation}$`));
  const thread = page.getByTestId("message-thread");
  await thread.getByText("Oi, vocês abrem amanhã?").waitFor();
  await row.getByTestId("unread-badge").waitFor({ state: "detached" });

  // A new customer message arrives live: in the thread and in the list, no reload.
  await alpha.inject("+5511999990001", "E vocês têm pão sem glúten?", "João Silva");
  await thread.getByText("E vocês têm pão sem glúten?").waitFor({ timeout: 10_000 });
  await row.getByTestId("conversation-preview").getByText("E vocês têm pão sem glúten?").waitFor();

  // A reply from the composer, quoting the first question: the bubble shows at once, then
  // its ticks reach read.
  const composer = page.getByLabel("Message", { exact: true });
  const question = thread.locator('[data-testid="message-bubble"]').filter({ hasText: "Oi, vocês abrem" });
  await question.hover();
  await question.getByRole("button", { name: "Reply" }).click();
  await page.getByTestId("composer").getByText("Replying to: Oi, vocês abrem amanhã?").waitFor();
  await composer.fill("Abrimos às 7h! E sim, temos pão sem glúten.");
  await composer.press("Enter");
  const bubble = page
    .locator('[data-testid="message-bubble"][data-direction="outbound"]')
    .filter({ hasText: "Abrimos às 7h!" });
  await bubble.waitFor({ timeout: 5_000 });
  assert.equal(await composer.inputValue(), "");
  await bubble.locator(".sb-inbox-quote").getByText("Oi, vocês abrem amanhã?").waitFor();
  assert.equal(await page.getByTestId("composer").getByText("Replying to").count(), 0);
  await page
    .locator('[data-testid="message-bubble"][data-direction="outbound"][data-status="read"]')
    .filter({ hasText: "Abrimos às 7h!" })
    .waitFor({ timeout: 15_000 });
  assert.equal(await bubble.getByTestId("delivery-ticks").getAttribute("aria-label"), "Read");
  await row
    .getByTestId("conversation-preview")
    .getByText(/You: Abrimos/)
    .waitFor();
  await page.mouse.move(0, 0);
  await screenshot(page, "inbox");

  // The shortcuts help opens with ? (outside the message box).
  await composer.blur();
  await page.keyboard.press("?");
  await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor({ state: "detached" });

  // Resolving from the header takes it out of the open list.
  await page.getByTestId("conversation-header").getByRole("button", { name: "Resolve" }).click();
  await page.getByTestId("conversation-status").getByText("Resolved").waitFor();
  await row.waitFor({ state: "detached" });
  await page.getByTestId("conversation-header").getByRole("button", { name: "Reopen" }).waitFor();
  await page.getByRole("region", { name: "Conversations" }).getByText("Resolved", { exact: true }).click();
  await item(page, alphaConversation).waitFor();
  const stored = await alpha.owner.get(
    `/api/v1/businesses/${alpha.business.id}/conversations/${alphaConversation}`,
  );
  assert.equal(stored.status, "resolved");

  // A new conversation by phone: free text is refused in plain words (no window), a template goes.
  await page.getByRole("button", { name: "New conversation" }).click();
  const dialog = page.getByRole("dialog", { name: "New conversation" });
  await dialog.getByLabel(/^Phone number/).fill("+55 11 97777-6666");
  await dialog.getByText("Free text", { exact: true }).click();
  await dialog.getByLabel(/^Message/).fill("Olá!");
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await dialog.getByText(/24-hour window has closed/).waitFor();
  await dialog.getByText("Template", { exact: true }).click();
  await dialog.getByLabel(/^Template name/).fill("order_ready");
  await dialog.getByRole("button", { name: "Add variable" }).click();
  await dialog.getByLabel("Variable 1", { exact: true }).fill("Pão de queijo");
  await dialog.getByRole("button", { name: "Send template" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.waitForURL(/\/inbox\/[^/]+$/);
  assert.notEqual(page.url().split("/").pop(), alphaConversation);
  await page.getByTestId("message-thread").getByText("order_ready").waitFor();
  await page
    .getByTestId("composer")
    .getByText(/WhatsApp only allows a template/)
    .waitFor();
  assert.equal(await page.getByLabel("Message", { exact: true }).count(), 0);

  // Another business's conversation by its id: not found, nothing of it shown.
  await page.goto(`${server.url}/b/padaria-alfa/inbox/${betaConversation}`);
  await page.getByText("This didn't load").waitFor();
  assert.equal(await page.getByText("Is my bike ready?").count(), 0);

  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.dialogs, []);
});

test("on a phone the inbox shows the list, then the thread with a way back", async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await signIn(page, server.url, beta.email, beta.password);
  await page.waitForURL(/\/b\/beta-bikes\/inbox$/);
  const row = item(page, betaConversation);
  await row.getByText("Maria Outra").waitFor();
  assert.equal(await page.getByText("João Silva").count(), 0);
  await row.click();
  await page.getByTestId("message-thread").getByText("Is my bike ready?").waitFor();
  await page.getByLabel("Message", { exact: true }).fill("Yes! Pick it up any time today.");
  await page.getByLabel("Message", { exact: true }).press("Enter");
  await page
    .locator('[data-testid="message-bubble"][data-direction="outbound"]')
    .filter({ hasText: "Pick it up" })
    .waitFor();
  assert.equal(await page.getByTestId("conversation-list").count(), 0);
  await page.mouse.move(0, 0);
  await screenshot(page, "inbox-phone");
  await page.getByRole("button", { name: "Back to conversations" }).click();
  await page.waitForURL(/\/b\/beta-bikes\/inbox$/);
  await row.waitFor();
  assert.deepEqual(page.errors, []);
});

test("an agent sees unassigned and own conversations, takes one, and moves with j and k", async () => {
  const invitation = await beta.owner.post(`/api/v1/businesses/${beta.business.id}/invitations`, {
    email: "tiago@beta.test",
    role: "agent",
  });
  await fetch(`${server.url}/api/v1/invitations/accept`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token: invitation.token, name: "Tiago Agent", password: "agent-password-1" }),
  }).then((r) => assert.equal(r.status, 200));
  const second = (await beta.inject("+5511955554444", "Vocês consertam freios?", "Pedro Lima"))
    .conversation_id;

  const page = await newPage(browser);
  await signIn(page, server.url, "tiago@beta.test", "agent-password-1");
  await page.waitForURL(/\/b\/beta-bikes\/inbox$/);
  await page.getByText("Mine + unassigned", { exact: true }).waitFor();
  await item(page, second).waitFor();
  await item(page, betaConversation).waitFor();

  // j opens the first (newest) conversation, j the next, k back.
  const opened = async (id) => {
    await page.waitForURL(new RegExp(`/inbox/${id}$`));
    await page.locator(`[data-testid="conversation-view"][data-conversation-id="${id}"]`).waitFor();
  };
  await page.keyboard.press("j");
  await opened(second);
  await page.keyboard.press("j");
  await opened(betaConversation);
  await page.keyboard.press("k");
  await opened(second);
  await page.getByTestId("message-thread").getByText("Vocês consertam freios?").waitFor();

  // An agent may only take it (Me) or leave it unassigned: no other members offered.
  await page.getByTestId("contact-panel").getByLabel("Assignee").click();
  const options = page.getByRole("option");
  assert.deepEqual((await options.allTextContents()).sort(), ["Me", "Unassigned"]);
  await page.getByRole("option", { name: "Me" }).click();
  await page.getByText("Mine", { exact: true }).click();
  await item(page, second).waitFor();
  await item(page, betaConversation).waitFor({ state: "detached" });
  const stored = await beta.owner.get(`/api/v1/businesses/${beta.business.id}/conversations/${second}`);
  assert.notEqual(stored.assignee_user_id, null);

  // r focuses the message box, Escape leaves it, e resolves.
  await page.keyboard.press("r");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Message");
  await page.keyboard.press("Escape");
  assert.notEqual(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Message");
  await page.keyboard.press("e");
  await page.getByTestId("conversation-status").getByText("Resolved").waitFor();
  assert.deepEqual(page.errors, []);
});

test("a long thread opens at its newest messages and loads earlier ones on demand", async () => {
  // 205 messages from one customer of Beta: more than the first page of 200.
  const phone = "+5511977776666";
  let conversation;
  for (let i = 1; i <= 205; i++)
    conversation = (await beta.inject(phone, `Message number ${i}`, "Long Talker")).conversation_id;
  const page = await newPage(browser);
  await signIn(page, server.url, beta.email, beta.password);
  await page.waitForURL(/\/b\/beta-bikes\/inbox$/);
  await page.goto(`${server.url}/b/beta-bikes/inbox/${conversation}`);
  const thread = page.getByTestId("message-thread");
  await thread.getByText("Message number 205", { exact: true }).waitFor();
  assert.equal(
    await thread.getByText("Message number 1", { exact: true }).count(),
    0,
    "the oldest is not loaded yet",
  );
  await thread.getByRole("button", { name: "Load earlier messages" }).click();
  await thread.getByText("Message number 1", { exact: true }).waitFor();
  await thread.getByRole("button", { name: "Load earlier messages" }).waitFor({ state: "detached" });
  assert.equal(await thread.getByText("Message number 205", { exact: true }).count(), 1);
  assert.deepEqual(page.errors, []);
});
