// How numbers and dates read across the dashboard (its words are English, so is the format).

const count = new Intl.NumberFormat("en-US");

// 1234 -> "1,234".
export const formatCount = (n: number) => count.format(n);

// (1, "member") -> "1 member", (1234, "member") -> "1,234 members".
export const countOf = (n: number, singular: string, plural = `${singular}s`) =>
  `${formatCount(n)} ${n === 1 ? singular : plural}`;

// A contact as people read it: their name, else their phone number.
export const contactLabel = (c: { name: string; phone: string }) => c.name.trim() || c.phone;

// Dates as "Mar 4, 2026", in `timeZone` (a business's own) or the browser's; a bad zone falls
// back to the browser's, a bad date reads as "".
export function dateFormatter(timeZone?: string): (iso: string) => string {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone });
  } catch {
    f = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });
  }
  return (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? "" : f.format(d);
  };
}

// "Mar 4, 2026" in the browser's time zone.
export const formatDate = dateFormatter();
