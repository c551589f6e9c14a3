import { createTheme, type MantineColorsTuple } from "@mantine/core";

const DEFAULT_PRIMARY = "#12b886";

function parseHex(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a: [number, number, number], b: [number, number, number], t: number): string {
  const c = a.map((v, i) => Math.round(v + (b[i]! - v) * t));
  return `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

// Ten shades around a business's brand colour (Mantine's palettes have ten): lighter ones
// mixed with white, darker ones with black, the brand colour itself at index 6.
export function shadesOf(hex: string): MantineColorsTuple {
  const base = parseHex(hex) ?? parseHex(DEFAULT_PRIMARY)!;
  const white: [number, number, number] = [255, 255, 255];
  const black: [number, number, number] = [0, 0, 0];
  const light = [0.92, 0.8, 0.64, 0.46, 0.28, 0.12].map((t) => mix(base, white, t));
  const dark = [0, 0.15, 0.3, 0.45].map((t) => mix(base, black, t));
  return [...light, ...dark] as unknown as MantineColorsTuple;
}

export function themeFor(primaryColor: string | null | undefined) {
  return createTheme({
    primaryColor: "brand",
    primaryShade: 6,
    colors: { brand: shadesOf(primaryColor || DEFAULT_PRIMARY) },
    defaultRadius: "md",
    fontFamily: "Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    cursorType: "pointer",
  });
}
