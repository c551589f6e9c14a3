import { Alert, Button, Paper, Select, Stack, TagsInput, TextInput, Title } from "@mantine/core";
import { useMemo, useState, type FormEvent } from "react";
import { ApiError, describeError } from "../../api/client";
import { useBusiness } from "../../app/business";
import { cleanKeywords, keywordsOf, MAX_KEYWORDS, regionName, timeZones } from "./settingsRules";
import { useSaveBusiness } from "./useSaveBusiness";

// Settings → General: the business's time zone, the country its local numbers are read in,
// and the words a customer writes to stop or restart messages.
export function GeneralSection() {
  const { id, business } = useBusiness();
  const zones = useMemo(() => timeZones(), []);
  const [timezone, setTimezone] = useState<string | null>(business.settings.timezone ?? "UTC");
  const [region, setRegion] = useState(business.settings.default_region ?? "US");
  const [optOut, setOptOut] = useState(() => keywordsOf(business, "opt_out_keywords"));
  const [optIn, setOptIn] = useState(() => keywordsOf(business, "opt_in_keywords"));
  const save = useSaveBusiness(id, "Settings saved.");
  const field = save.error instanceof ApiError ? save.error.field : undefined;
  const serverError = save.error ? describeError(save.error) : undefined;
  const errorFor = (f: string) => (field === `settings.${f}` ? serverError : undefined);
  const country = regionName(region);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      settings: {
        ...(timezone ? { timezone } : {}),
        default_region: region.trim().toUpperCase(),
        opt_out_keywords: optOut,
        opt_in_keywords: optIn,
      },
    });
  };

  return (
    <Paper withBorder p="lg" maw={640}>
      <form onSubmit={submit} aria-label="General settings">
        <Stack gap="sm">
          <Title order={3} size="h5">
            General
          </Title>
          {save.error && !field?.startsWith("settings.") && <Alert color="red">{serverError}</Alert>}
          <Select
            label="Time zone"
            description="The business’s local time zone."
            data={zones}
            value={timezone}
            onChange={setTimezone}
            searchable
            nothingFoundMessage="No such time zone"
            limit={200}
            error={errorFor("timezone")}
            allowDeselect={false}
          />
          <TextInput
            label="Default country"
            description={
              country
                ? `${country}: phone numbers written without a country code are read as this country’s.`
                : "Two letters (ISO 3166), e.g. US, BR, PT."
            }
            value={region}
            onChange={(e) => setRegion(e.currentTarget.value.toUpperCase().slice(0, 2))}
            error={errorFor("default_region")}
            maw={320}
          />
          <TagsInput
            label="Opt-out words"
            description="A customer who writes just one of these stops receiving campaigns. Press Enter after each word."
            value={optOut}
            onChange={(v) => setOptOut(cleanKeywords(v))}
            maxTags={MAX_KEYWORDS}
            clearable
            error={errorFor("opt_out_keywords")}
          />
          {optOut.length === 0 && (
            <Alert color="yellow" p="xs">
              With no opt-out words, customers can’t unsubscribe by writing STOP.
            </Alert>
          )}
          <TagsInput
            label="Opt-in words"
            description="Writing one of these subscribes a customer again."
            value={optIn}
            onChange={(v) => setOptIn(cleanKeywords(v))}
            maxTags={MAX_KEYWORDS}
            clearable
            error={errorFor("opt_in_keywords")}
          />
          <Button type="submit" loading={save.isPending} style={{ alignSelf: "flex-start" }}>
            Save settings
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
