import {
  Alert,
  Button,
  ColorInput,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState, type FormEvent } from "react";
import { ApiError, describeError } from "../../api/client";
import { useBusiness } from "../../app/business";
import { BrandingPreview } from "./BrandingPreview";
import { isHexColor, isHttpsUrl } from "./settingsRules";
import { useSaveBusiness } from "./useSaveBusiness";

const SWATCHES = ["#12b886", "#228be6", "#7950f2", "#d6336c", "#fa5252", "#fd7e14", "#fab005", "#495057"];

// Settings → Branding: the name, logo and colour customers and the team see. Saved, the
// whole dashboard takes the colour at once.
export function BrandingSection() {
  const { id, business } = useBusiness();
  const [name, setName] = useState(business.name);
  const [logo, setLogo] = useState(business.branding.logo_url ?? "");
  const [color, setColor] = useState(business.branding.primary_color ?? "#12b886");
  const [errors, setErrors] = useState<{ name?: string; logo?: string; color?: string }>({});
  const save = useSaveBusiness(id, "Branding saved.");
  const field = save.error instanceof ApiError ? save.error.field : undefined;
  const serverError = save.error ? describeError(save.error) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = {
      name: name.trim() ? undefined : "Give the business a name.",
      logo: !logo.trim() || isHttpsUrl(logo.trim()) ? undefined : "Use an https:// address of an image.",
      color: isHexColor(color) ? undefined : "Pick a colour such as #1a7f5a.",
    };
    setErrors(next);
    if (next.name || next.logo || next.color) return;
    save.mutate({
      name: name.trim(),
      branding: { logo_url: logo.trim() || null, primary_color: color.toLowerCase() },
    });
  };

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate aria-label="Branding">
          <Stack gap="sm">
            <Title order={3} size="h5">
              Branding
            </Title>
            {save.error && !field && <Alert color="red">{serverError}</Alert>}
            <TextInput
              label="Business name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name ?? (field === "name" ? serverError : undefined)}
              maxLength={120}
              withAsterisk
            />
            <TextInput
              label="Logo URL"
              placeholder="https://example.com/logo.png"
              description="A square image at an https:// address; leave blank for the initial."
              value={logo}
              onChange={(e) => setLogo(e.currentTarget.value)}
              error={errors.logo ?? (field === "branding.logo_url" ? serverError : undefined)}
            />
            <ColorInput
              label="Primary colour"
              format="hex"
              value={color}
              onChange={setColor}
              swatches={SWATCHES}
              swatchesPerRow={8}
              error={errors.color ?? (field === "branding.primary_color" ? serverError : undefined)}
            />
            <Group>
              <Button type="submit" loading={save.isPending} data-testid="save-branding">
                Save branding
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          Preview
        </Text>
        <BrandingPreview name={name.trim() || business.name} logoUrl={logo.trim()} color={color} />
      </Stack>
    </SimpleGrid>
  );
}
