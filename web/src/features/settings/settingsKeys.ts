// Query keys of the settings pages: invalidating whatsappKey(b) refreshes the connection,
// its status check and the numbers at once.
export const whatsappKey = (businessId: string) => ["whatsapp", businessId] as const;
export const whatsappConnectionKey = (businessId: string) => ["whatsapp", businessId, "connection"] as const;
export const phoneNumbersKey = (businessId: string) => ["whatsapp", businessId, "numbers"] as const;
