// The drawer edits attributes as key/value rows.

export interface AttributeRow {
  key: string;
  value: string;
}

export function attributeText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

export function attributeRows(attributes: Record<string, unknown>): AttributeRow[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: attributeText(value) }));
}

// What to send as `attributes` in a PATCH (the server merges; null removes a key): only the
// keys that changed. Rows without a key are ignored; a later row with the same key wins.
export function attributesPatch(
  original: Record<string, unknown>,
  rows: AttributeRow[],
): Record<string, string | null> | undefined {
  const wanted = new Map<string, string>();
  for (const r of rows) {
    const key = r.key.trim();
    if (key) wanted.set(key, r.value);
  }
  const patch: Record<string, string | null> = {};
  for (const key of Object.keys(original)) if (!wanted.has(key)) patch[key] = null;
  for (const [key, value] of wanted) {
    if (value.trim() === "") {
      if (key in original) patch[key] = null;
    } else if (!(key in original) || attributeText(original[key]) !== value) patch[key] = value;
  }
  return Object.keys(patch).length ? patch : undefined;
}

// A problem's `field` for attributes is "attributes" or "attributes.<key>".
export function attributeErrorKey(field: string | undefined): string | null {
  if (!field?.startsWith("attributes")) return null;
  return field.startsWith("attributes.") ? field.slice("attributes.".length) : "";
}
