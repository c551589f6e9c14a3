import { createContext, useContext, useEffect, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { Center, Loader } from "@mantine/core";
import { IconBuildingStore } from "@tabler/icons-react";
import { businessesApi } from "../api/businesses";
import type { Business, BusinessSummary } from "../api/types";
import { ErrorState } from "../components/ErrorState";
import { EmptyHint } from "../components/EmptyHint";
import { permissions, type Permissions } from "./permissions";
import { useSession } from "./session";
import { useBrand } from "./brand";

interface CurrentBusiness {
  summary: BusinessSummary;
  business: Business;
  id: string;
  slug: string;
  can: Permissions;
  // Dashboard paths inside this business: path("inbox") -> "/b/demo-coffee/inbox".
  path: (rest: string) => string;
}

const BusinessContext = createContext<CurrentBusiness | null>(null);

export function useBusiness(): CurrentBusiness {
  const b = useContext(BusinessContext);
  if (!b) throw new Error("useBusiness outside BusinessScope");
  return b;
}

export const businessKey = (id: string) => ["business", id] as const;

// Everything under /b/:slug: the business named by the URL, among the caller's own. Every
// query below keys on its id, so switching businesses swaps all the data at once.
export function BusinessScope({ children }: { children: ReactNode }) {
  const { slug = "" } = useParams();
  const { me } = useSession();
  const summary = me.businesses.find((b) => b.slug === slug);
  const details = useQuery({
    queryKey: businessKey(summary?.id ?? "none"),
    queryFn: () => businessesApi.get(summary!.id),
    enabled: !!summary,
  });
  const { setBrandColor } = useBrand();
  const color = details.data?.branding?.primary_color ?? null;
  useEffect(() => {
    setBrandColor(color);
    return () => setBrandColor(null);
  }, [color, setBrandColor]);

  if (!summary)
    return (
      <EmptyHint icon={<IconBuildingStore />} title="No such business">
        You are not a member of a business called “{slug}”. Pick one of yours from the switcher, or ask its
        administrator for an invitation.
      </EmptyHint>
    );
  if (details.isPending)
    return (
      <Center p="xl">
        <Loader />
      </Center>
    );
  if (details.error) return <ErrorState error={details.error} onRetry={() => details.refetch()} />;

  const value: CurrentBusiness = {
    summary,
    business: details.data,
    id: summary.id,
    slug: summary.slug,
    can: permissions(summary.role),
    path: (rest: string) => `/b/${summary.slug}/${rest}`,
  };
  return <BusinessContext.Provider value={value}>{children}</BusinessContext.Provider>;
}
