import { useState } from "react";

// What a confirmation window is about: kept after closing so its text doesn't change while it
// fades out.
export function useTarget<T>() {
  const [target, setTarget] = useState<T | null>(null);
  const [opened, setOpened] = useState(false);
  return {
    target,
    opened,
    open: (t: T) => {
      setTarget(t);
      setOpened(true);
    },
    close: () => setOpened(false),
  };
}
