import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/client";

// One query client for the whole app. Errors that mean "sign in again" are handled once,
// by the listener in App (client.onAuthProblem); queries don't retry what can't succeed.
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      retry: (count, error) => {
        if (error instanceof ApiError && error.status > 0 && error.status < 500 && error.status !== 429)
          return false;
        return count < 2;
      },
    },
    mutations: { retry: false },
  },
});
