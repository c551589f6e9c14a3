import { useCallback, useEffect, useMemo, useState } from "react";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { onAuthProblem } from "../api/client";
import { BrandContext } from "./brand";
import { queryClient } from "./queryClient";
import { RequireSession } from "./session";
import { themeFor } from "./theme";
import { BusinessLayout, PlainLayout } from "../components/AppLayout";
import { HomeRedirect } from "./HomeRedirect";
import { LoginPage } from "../features/auth/LoginPage";
import { RegisterPage } from "../features/auth/RegisterPage";
import { ChangePasswordPage } from "../features/auth/ChangePasswordPage";
import { AcceptInvitationPage } from "../features/auth/AcceptInvitationPage";
import { CreateBusinessPage } from "../features/businesses/CreateBusinessPage";
import { InboxPage } from "../features/inbox/InboxPage";
import { ContactsPage } from "../features/contacts/ContactsPage";
import { TeamPage } from "../features/team/TeamPage";
import { SettingsPage } from "../features/settings/SettingsPage";
import { PlatformPage } from "../features/platform/PlatformPage";
import { NotFoundPage } from "./NotFoundPage";

const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  { path: "/register", element: <RegisterPage /> },
  { path: "/accept-invitation", element: <AcceptInvitationPage /> },
  {
    path: "/change-password",
    element: (
      <RequireSession>
        <ChangePasswordPage />
      </RequireSession>
    ),
  },
  {
    path: "/",
    element: (
      <RequireSession>
        <HomeRedirect />
      </RequireSession>
    ),
  },
  {
    path: "/businesses/new",
    element: (
      <RequireSession>
        <PlainLayout>
          <CreateBusinessPage />
        </PlainLayout>
      </RequireSession>
    ),
  },
  {
    path: "/platform",
    element: (
      <RequireSession>
        <PlainLayout>
          <PlatformPage />
        </PlainLayout>
      </RequireSession>
    ),
  },
  {
    path: "/b/:slug",
    element: (
      <RequireSession>
        <BusinessLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="inbox" replace /> },
      { path: "inbox", element: <InboxPage /> },
      { path: "inbox/:conversationId", element: <InboxPage /> },
      { path: "contacts", element: <ContactsPage /> },
      { path: "team", element: <TeamPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "settings/:section", element: <SettingsPage /> },
    ],
  },
  { path: "*", element: <NotFoundPage /> },
]);

export function App() {
  const [brandColor, setBrandColor] = useState<string | null>(null);
  const theme = useMemo(() => themeFor(brandColor), [brandColor]);
  const setColor = useCallback((c: string | null) => setBrandColor(c), []);

  // Once for the whole app: a session that ended sends the user to sign in again.
  useEffect(
    () =>
      onAuthProblem((error) => {
        const here = window.location.pathname + window.location.search;
        if (error.status === 401 && !here.startsWith("/login"))
          void router.navigate(`/login?next=${encodeURIComponent(here)}`);
        else if (error.code === "password_change_required") void router.navigate("/change-password");
      }),
    [],
  );

  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <BrandContext.Provider value={{ setBrandColor: setColor }}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </BrandContext.Provider>
    </MantineProvider>
  );
}
