import { useState, type CSSProperties, type ReactNode } from "react";
import { TextInput, type StyleProp } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";

interface Props {
  value: string;
  onCommit: (value: string) => void;
  label: string;
  placeholder?: string;
  leftSection?: ReactNode;
  delay?: number;
  w?: StyleProp<CSSProperties["width"]>;
  flex?: StyleProp<CSSProperties["flex"]>;
}

// A text box that reports what was typed once the typing pauses; it follows `value` when that
// changes from outside (Back, "Clear filters").
export function DebouncedInput({
  value,
  onCommit,
  label,
  placeholder,
  leftSection,
  delay = 250,
  w,
  flex,
}: Props) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== draft.trim()) setDraft(value);
  }
  const commit = useDebouncedCallback((v: string) => onCommit(v.trim()), delay);
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={leftSection}
      value={draft}
      w={w}
      flex={flex}
      onChange={(e) => {
        setDraft(e.currentTarget.value);
        commit(e.currentTarget.value);
      }}
    />
  );
}
