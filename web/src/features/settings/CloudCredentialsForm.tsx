import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { IconBrandMeta } from "@tabler/icons-react";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { whatsappApi, type CloudCredentials } from "../../api/whatsapp";
import type { WhatsAppConnection } from "../../api/types";
import { useBusiness } from "../../app/business";
import { cloudError, missingCloudFields, type CloudField } from "./cloudErrors";
import { useWhatsAppCache } from "./useWhatsApp";

const empty: Record<CloudField, string> = { waba_id: "", access_token: "", app_secret: "", verify_token: "" };

// Way two: Meta's WhatsApp Cloud API. Stored secrets are only ever shown masked; a secret
// left blank keeps the stored one.
export function CloudCredentialsForm({ connection }: { connection: WhatsAppConnection }) {
  const { id } = useBusiness();
  const cache = useWhatsAppCache(id);
  const storedWaba = connection.waba_id && connection.waba_id !== "sandbox" ? connection.waba_id : "";
  const [values, setValues] = useState({ ...empty, waba_id: storedWaba });
  const [errors, setErrors] = useState<Partial<Record<CloudField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const stored = { access_token: !!connection.access_token, app_secret: !!connection.app_secret };

  const connect = useMutation({
    mutationFn: (c: CloudCredentials) => whatsappApi.connectCloud(id, c),
    onSuccess: (c) => {
      cache.setConnection(c);
      void cache.refreshAll();
      setValues((v) => ({ ...v, access_token: "", app_secret: "", verify_token: "" }));
      notifications.show({
        color: c.status === "connected" ? "green" : "red",
        title: c.status === "connected" ? "Cloud API connected" : "Saved, but Meta refused",
        message: c.status_detail ?? "Now set up the webhook in Meta's app dashboard (below).",
      });
    },
    onError: (e) => {
      const { field, message } = cloudError(e);
      if (field) setErrors({ [field]: message });
      else setFormError(message);
    },
  });

  const set = (field: CloudField) => (e: ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((er) => ({ ...er, [field]: undefined }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const missing = missingCloudFields(values, stored);
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const body: CloudCredentials = { waba_id: values.waba_id.trim() };
    if (values.access_token.trim()) body.access_token = values.access_token.trim();
    if (values.app_secret.trim()) body.app_secret = values.app_secret.trim();
    if (values.verify_token.trim()) body.verify_token = values.verify_token.trim();
    connect.mutate(body);
  };

  const keep = "Leave blank to keep the stored one.";
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate aria-label="Cloud API credentials">
        <Stack gap="sm">
          <Group gap="xs">
            <IconBrandMeta size={20} />
            <Title order={3} size="h5">
              WhatsApp Cloud API
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            Your own number through Meta. From your app in{" "}
            <Anchor href="https://developers.facebook.com/apps/" target="_blank" rel="noreferrer">
              Meta’s app dashboard
            </Anchor>
            : the WhatsApp Business Account id, a system user’s permanent access token and the app secret.
          </Text>
          {formError && <Alert color="red">{formError}</Alert>}
          <TextInput
            label="WhatsApp Business Account id"
            placeholder="e.g. 102290129340398"
            inputMode="numeric"
            value={values.waba_id}
            onChange={set("waba_id")}
            error={errors.waba_id}
            withAsterisk
          />
          <PasswordInput
            label="Access token"
            placeholder={connection.access_token ?? "EAAG…"}
            description={stored.access_token ? `Stored: ${connection.access_token}. ${keep}` : undefined}
            value={values.access_token}
            onChange={set("access_token")}
            error={errors.access_token}
            withAsterisk={!stored.access_token}
            autoComplete="off"
          />
          <PasswordInput
            label="App secret"
            placeholder={connection.app_secret ?? ""}
            description={stored.app_secret ? `Stored: ${connection.app_secret}. ${keep}` : undefined}
            value={values.app_secret}
            onChange={set("app_secret")}
            error={errors.app_secret}
            withAsterisk={!stored.app_secret}
            autoComplete="off"
          />
          <TextInput
            label="Webhook verify token"
            placeholder="Optional"
            description={
              connection.verify_token
                ? "Leave blank to keep the current one."
                : "Leave blank and one is generated for you."
            }
            value={values.verify_token}
            onChange={set("verify_token")}
            error={errors.verify_token}
            autoComplete="off"
          />
          <Button type="submit" loading={connect.isPending} style={{ alignSelf: "flex-start" }}>
            {connection.mode === "cloud" ? "Save and reconnect" : "Connect the Cloud API"}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
