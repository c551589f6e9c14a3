import { createContext, useContext, useEffect, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Navigate, useLocation } from "react-router";
import { Center, Loader } from "@mantine/core";
import { authApi } from "../api/auth";
import { ApiError, setCsrfToken } from "../api/client";
import type { LoginResult, Me } from "../api/types";
import { ErrorState } from "../components/ErrorState";

interface Session {
  me: Me;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside RequireSession");
  return s;
}

export const meKey = ["me"] as const;

// After a sign-in: the new session's CSRF token, a cache emptied of the previous user's
// data, and GET /me answered from the login's own answer.
export function useStartSession() {
  const client = useQueryClient();
  return (result: LoginResult) => {
    setCsrfToken(result.csrf_token);
    client.clear();
    client.setQueryData<Me>(meKey, {
      user: result.user,
      businesses: result.businesses,
      csrf_token: result.csrf_token,
    });
  };
}

export function useMeQuery() {
  return useQuery({ queryKey: meKey, queryFn: authApi.me, staleTime: 60_000 });
}

// Pages behind the login: waits for GET /me, sends a signed-out visitor to /login (and back
// afterwards), and a user with a temporary password to /change-password first.
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const client = useQueryClient();
  const me = useMeQuery();

  useEffect(() => {
    if (me.data?.csrf_token) setCsrfToken(me.data.csrf_token);
  }, [me.data]);

  if (me.isPending)
    return (
      <Center h="100dvh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (me.error) {
    if (
      me.error instanceof ApiError &&
      (me.error.status === 401 || me.error.code === "password_change_required")
    ) {
      const next = encodeURIComponent(location.pathname + location.search);
      return (
        <Navigate
          to={me.error.status === 401 ? `/login?next=${next}` : `/change-password?next=${next}`}
          replace
        />
      );
    }
    return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  }
  if (me.data.user.must_change_password && location.pathname !== "/change-password")
    return <Navigate to={`/change-password?next=${encodeURIComponent(location.pathname)}`} replace />;

  const signOut = async () => {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken(null);
      client.clear();
      window.location.assign("/login");
    }
  };
  return <SessionContext.Provider value={{ me: me.data, signOut }}>{children}</SessionContext.Provider>;
}
