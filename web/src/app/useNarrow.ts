import { useMediaQuery } from "@mantine/hooks";

// Phone width: lists become stacked cards instead of wide tables.
export const useNarrow = () => useMediaQuery("(max-width: 40em)", false, { getInitialValueInEffect: false });
