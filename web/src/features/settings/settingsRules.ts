// The small rules the settings forms share: what a value must look like, and how Meta's
// codes read to a person. Kept out of the components so they stay about what is shown.
import type { Business, PhoneNumber } from "../../api/types";

export const SECTIONS = ["whatsapp", "branding", "notifications", "general"] as const;
export type Section = (typeof SECTIONS)[number];

export const isSection = (s: string | undefined): s is Section =>
  !!s && (SECTIONS as readonly string[]).includes(s);

// Every section but the per-browser notification preference needs admin+.
export const sectionNeedsAdmin = (s: Section) => s !== "notifications";

// "+1 555 123 4567" -> "+15551234567"; null when it isn't an international number.
export function toE164(input: string): string | null {
  const compact = input.replace(/[\s().-]/g, "");
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}

export const isHttpsUrl = (s: string) => {
  if (!s.startsWith("https://")) return false;
  try {
    return new URL(s).protocol === "https:";
  } catch {
    return false;
  }
};

export const isHexColor = (s: string) => /^#[0-9a-f]{6}$/i.test(s);

export function qualityColor(rating: string | null): string {
  switch (rating) {
    case "GREEN":
      return "green";
    case "YELLOW":
      return "yellow";
    case "RED":
      return "red";
    default:
      return "gray";
  }
}

export function qualityLabel(rating: string | null): string {
  switch (rating) {
    case "GREEN":
      return "High";
    case "YELLOW":
      return "Medium";
    case "RED":
      return "Low";
    default:
      return "Unknown";
  }
}

// "TIER_1K" -> "1K customers / day", "TIER_UNLIMITED" -> "Unlimited".
export function tierLabel(tier: string | null): string {
  if (!tier) return "—";
  const t = tier.replace(/^TIER_/, "");
  if (t === "UNLIMITED") return "Unlimited";
  return `${t} customers / day`;
}

// The words the server uses when a business never set its own (src/inbox/inbox_service.cpp).
export const DEFAULT_KEYWORDS = {
  opt_out_keywords: ["STOP", "UNSUBSCRIBE"],
  opt_in_keywords: ["START"],
} as const;

export type KeywordKey = keyof typeof DEFAULT_KEYWORDS;

export function keywordsOf(business: Business, key: KeywordKey): string[] {
  const v = business.settings[key];
  if (Array.isArray(v)) return v.filter((w): w is string => typeof w === "string");
  return [...DEFAULT_KEYWORDS[key]];
}

// Keywords are matched upper-cased and trimmed, 1 to 32 characters, at most 20.
export const MAX_KEYWORDS = 20;
export function cleanKeywords(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const k = w
      .trim()
      .replace(/[.!]+$/, "")
      .toUpperCase()
      .slice(0, 32);
    if (k && !out.includes(k)) out.push(k);
  }
  return out.slice(0, MAX_KEYWORDS);
}

export function regionName(code: string): string | null {
  if (!/^[A-Z]{2}$/.test(code)) return null;
  try {
    const name = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" }).of(code);
    return name && name !== code ? name : null;
  } catch {
    return null;
  }
}

export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

// "3 minutes ago" for a timestamp; "never" without one.
export function formatWhen(iso: string | null, now = Date.now()): string {
  if (!iso) return "Never";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const seconds = Math.round((t - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  return rtf.format(Math.round(seconds / 86400), "day");
}

// What "Check now" found. The sandbox has no Meta behind it and no token: it is always ready.
export function checkResultWords(mode: "cloud" | "sandbox" | null, tokenValid: boolean | null): string {
  if (mode !== "cloud") return "The sandbox number is ready.";
  if (tokenValid === true) return "Meta accepted the access token.";
  if (tokenValid === false) return "Meta rejected the access token — enter a new one below.";
  return "Meta could not be reached just now; the last known status stands.";
}

export const latestWebhook = (numbers: PhoneNumber[]): string | null =>
  numbers.reduce<string | null>(
    (latest, n) =>
      n.last_webhook_at && (!latest || n.last_webhook_at > latest) ? n.last_webhook_at : latest,
    null,
  );
