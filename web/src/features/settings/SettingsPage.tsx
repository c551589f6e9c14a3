import { Alert, Button, Stack, Tabs, Text, Title } from "@mantine/core";
import { IconBell, IconBrandWhatsapp, IconLock, IconPalette, IconSettings } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import { useBusiness } from "../../app/business";
import { BrandingSection } from "./BrandingSection";
import { GeneralSection } from "./GeneralSection";
import { NotificationsSection } from "./NotificationsSection";
import { WhatsAppSection } from "./WhatsAppSection";
import { isSection, sectionNeedsAdmin, type Section } from "./settingsRules";

const tabs: { value: Section; label: string; icon: ReactNode }[] = [
  { value: "whatsapp", label: "WhatsApp", icon: <IconBrandWhatsapp size={16} /> },
  { value: "branding", label: "Branding", icon: <IconPalette size={16} /> },
  { value: "notifications", label: "Notifications", icon: <IconBell size={16} /> },
  { value: "general", label: "General", icon: <IconSettings size={16} /> },
];

function SectionBody({ section }: { section: Section }) {
  switch (section) {
    case "whatsapp":
      return <WhatsAppSection />;
    case "branding":
      return <BrandingSection />;
    case "notifications":
      return <NotificationsSection />;
    case "general":
      return <GeneralSection />;
  }
}

function AdminsOnly() {
  const { path } = useBusiness();
  return (
    <Alert color="gray" icon={<IconLock />} title="Only owners and admins can change settings" maw={560}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          The WhatsApp connection, branding and business settings are managed by the business’s owners and
          admins. Ask one of them if something here needs to change. Your own notification preferences are
          yours to set.
        </Text>
        <Button component={Link} to={path("settings/notifications")} variant="light" size="xs">
          Notification preferences
        </Button>
      </Stack>
    </Alert>
  );
}

// Settings of the current business, one tab per section, the section in the URL
// (/b/<slug>/settings/<section>) so it can be linked and survives a reload.
export function SettingsPage() {
  const { section } = useParams();
  const navigate = useNavigate();
  const { can, path } = useBusiness();
  if (section !== undefined && !isSection(section)) return <Navigate to={path("settings")} replace />;
  const current: Section = section ?? (can.manageSettings ? "whatsapp" : "notifications");
  const visible = tabs.filter((t) => can.manageSettings || !sectionNeedsAdmin(t.value));
  const allowed = can.manageSettings || !sectionNeedsAdmin(current);

  return (
    <Stack gap="md" maw={1100}>
      <Title order={2} size="h3">
        Settings
      </Title>
      <Tabs
        value={current}
        onChange={(v) => v && isSection(v) && navigate(path(`settings/${v}`))}
        keepMounted={false}
      >
        <Tabs.List style={{ flexWrap: "nowrap", overflowX: "auto" }}>
          {visible.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} leftSection={t.icon}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {allowed ? <SectionBody section={current} /> : <AdminsOnly />}
    </Stack>
  );
}
