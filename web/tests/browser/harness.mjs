// Browser tests: the real `switchboard serve` on a free loopback port with a fresh data dir,
// and Debian's Chromium driven by playwright-core. Each test file starts its own server.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const webDir = path.resolve(here, "../..");
export const repoDir = path.resolve(webDir, "..");
export const binary = process.env.SWITCHBOARD_BINARY ?? path.join(repoDir, "build/switchboard");
export const screenshotDir = path.join(repoDir, "docs/screenshots");
export const PLATFORM_ADMIN = { email: "platform@switchboard.test", password: "platform-admin-pw-1" };

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

// Starts a server with a platform admin; returns {url, api, stop}.
export async function startServer() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-browser-"));
  execFileSync(
    binary,
    [
      "admin",
      "create-user",
      "--email",
      PLATFORM_ADMIN.email,
      "--password",
      PLATFORM_ADMIN.password,
      "--name",
      "Platform Admin",
      "--platform-admin",
      "--data-dir",
      dataDir,
    ],
    { stdio: "pipe" },
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      "serve",
      "--port",
      String(port),
      "--data-dir",
      dataDir,
      "--web-dir",
      process.env.SWITCHBOARD_WEB_DIST ?? path.join(webDir, "dist"),
      "--public-url",
      url,
      "--access-log",
      "false",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`server exited ${code}:\n${output}`)));
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, dataDir, stop, api: (email, password) => apiClient(url, email, password) };
}

// A Bearer-token client for setting up data the way an integrator would.
export async function apiClient(url, email, password) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`login ${email}: ${login.status} ${await login.text()}`);
  const session = await login.json();
  const call = async (method, p, body, contentType = "application/json") => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: {
        Authorization: `Bearer ${session.token}`,
        ...(body !== undefined ? { "Content-Type": contentType } : {}),
      },
      body: body === undefined ? undefined : contentType === "application/json" ? JSON.stringify(body) : body,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    session,
    get: (p) => call("GET", p),
    post: (p, body, type) => call("POST", p, body, type),
    put: (p, body) => call("PUT", p, body),
    patch: (p, body) => call("PATCH", p, body),
    delete: (p) => call("DELETE", p),
  };
}

// A business with an owner who has a real password (the temporary one already changed).
export async function createBusiness(
  server,
  { name, slug, email, ownerName = "Owner", password = "owner-password-1" },
) {
  const platform = await server.api(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const created = await platform.post("/api/v1/platform/businesses", {
    name,
    slug,
    admin_email: email,
    admin_name: ownerName,
  });
  if (created.admin.temporary_password) {
    const first = await server.api(email, created.admin.temporary_password);
    await first.post("/api/v1/auth/password", {
      current_password: created.admin.temporary_password,
      new_password: password,
    });
  }
  const owner = await server.api(email, password);
  return { business: created.business, owner, email, password };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

// A page that fails the test on any script error or unexpected dialog (an XSS would alert).
export async function newPage(browser, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.errors = [];
  page.dialogs = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  page.on("dialog", async (d) => {
    page.dialogs.push(d.message());
    await d.dismiss();
  });
  return page;
}

export async function signIn(page, url, email, password) {
  await page.goto(`${url}/login`);
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}
