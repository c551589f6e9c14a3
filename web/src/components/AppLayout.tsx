import { AppShell, Burger, Group, NavLink, ScrollArea } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAddressBook, IconMessages, IconSettings, IconUsersGroup } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { NavLink as RouterLink, Outlet, useMatch } from "react-router";
import { useSession } from "../app/session";
import { BusinessScope, useBusiness } from "../app/business";
import { LiveEventsProvider } from "../app/liveEvents";
import { NewMessageNotifier } from "../features/settings/NewMessageNotifier";
import { BusinessSwitcher } from "./BusinessSwitcher";
import { UserMenu } from "./UserMenu";

function Nav({ onNavigate }: { onNavigate: () => void }) {
  const { path, can } = useBusiness();
  const links: { to: string; label: string; icon: ReactNode; show: boolean }[] = [
    { to: path("inbox"), label: "Inbox", icon: <IconMessages size={18} />, show: true },
    { to: path("contacts"), label: "Contacts", icon: <IconAddressBook size={18} />, show: true },
    { to: path("team"), label: "Team", icon: <IconUsersGroup size={18} />, show: true },
    { to: path("settings"), label: "Settings", icon: <IconSettings size={18} />, show: can.manageSettings },
  ];
  return (
    <>
      {links
        .filter((l) => l.show)
        .map((l) => (
          <NavLink
            key={l.to}
            component={RouterLink}
            to={l.to}
            label={l.label}
            leftSection={l.icon}
            onClick={onNavigate}
          />
        ))}
    </>
  );
}

function CurrentSwitcher() {
  const { me } = useSession();
  const b = useBusiness();
  return <BusinessSwitcher current={b.summary} branding={b.business.branding} businesses={me.businesses} />;
}

function LiveScope({ children }: { children: ReactNode }) {
  const { id } = useBusiness();
  return (
    <LiveEventsProvider key={id} businessId={id}>
      <NewMessageNotifier />
      {children}
    </LiveEventsProvider>
  );
}

// The frame of every page inside a business: header with the switcher, the side navigation
// (a drawer behind the burger on a phone), and the page.
export function BusinessLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const inInbox = useMatch("/b/:slug/inbox/*");
  return (
    <BusinessScope>
      <LiveScope>
        <AppShell
          header={{ height: 56 }}
          navbar={{ width: 200, breakpoint: "sm", collapsed: { mobile: !opened } }}
          padding={inInbox ? 0 : "md"}
        >
          <AppShell.Header>
            <Group h="100%" px="md" justify="space-between" wrap="nowrap">
              <Group gap="sm" wrap="nowrap">
                <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
                <CurrentSwitcher />
              </Group>
              <UserMenu />
            </Group>
          </AppShell.Header>
          <AppShell.Navbar p="xs">
            <ScrollArea>
              <Nav onNavigate={close} />
            </ScrollArea>
          </AppShell.Navbar>
          <AppShell.Main>
            <Outlet />
          </AppShell.Main>
        </AppShell>
      </LiveScope>
    </BusinessScope>
  );
}

// Pages outside any business (platform admin, create business): same header, no side nav.
export function PlainLayout({ children }: { children: ReactNode }) {
  const { me } = useSession();
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <BusinessSwitcher current={null} businesses={me.businesses} />
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
