import { createContext, useContext } from "react";

// The selected business's brand colour, lifted to the theme at the top of the app.
export const BrandContext = createContext<{ setBrandColor: (c: string | null) => void }>({
  setBrandColor: () => {},
});

export const useBrand = () => useContext(BrandContext);
