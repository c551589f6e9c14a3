import { Navigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { authApi } from "../api/auth";
import { useSession } from "./session";

// "/": the business of this subdomain if the user belongs to it, else their first business;
// a platform admin with none goes to the platform area, anyone else to "create business".
export function HomeRedirect() {
  const { me } = useSession();
  const site = useQuery({ queryKey: ["site"], queryFn: authApi.site, staleTime: Infinity });
  if (site.isPending) return null;
  const fromHost = site.data?.business?.slug;
  const target = me.businesses.find((b) => b.slug === fromHost) ?? me.businesses[0];
  if (target) return <Navigate to={`/b/${target.slug}/inbox`} replace />;
  if (me.user.is_platform_admin) return <Navigate to="/platform" replace />;
  return <Navigate to="/businesses/new" replace />;
}
