import { useEffect, useRef } from "react";

export type ShortcutKey = "j" | "k" | "r" | "e" | "?" | "Escape";

// Typing into a field is not a shortcut (Escape still is: it leaves the field). Radios,
// checkboxes and read-only pickers take no text, so keys pressed there are shortcuts.
const TEXT_INPUTS = new Set(["text", "search", "email", "tel", "url", "password", "number", ""]);
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return TEXT_INPUTS.has(target.type) && !target.readOnly;
  return (
    target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable
  );
}

// The inbox's keyboard shortcuts, on the whole document while the inbox is open.
export function useShortcuts(handlers: Partial<Record<ShortcutKey, () => void>>, enabled = true): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || e.isComposing) return;
      const key = e.key as ShortcutKey;
      if (key !== "Escape" && isTyping(e.target)) return;
      const handler = latest.current[key];
      if (!handler) return;
      if (key === "Escape") {
        if (isTyping(e.target)) handler(); // leaving a field: the field's own Escape still runs
        return;
      }
      e.preventDefault();
      handler();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [enabled]);
}

export const shortcutList: { keys: string; what: string }[] = [
  { keys: "j", what: "Next conversation" },
  { keys: "k", what: "Previous conversation" },
  { keys: "r", what: "Reply: focus the message box" },
  { keys: "e", what: "Resolve the open conversation" },
  { keys: "Esc", what: "Leave the message box" },
  { keys: "?", what: "Show these shortcuts" },
];
