import { Alert, Button, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { businessesApi } from "../../api/businesses";
import { describeError } from "../../api/client";
import { meKey } from "../../app/session";

// "acme coffee & co" -> "acme-coffee-co": a suggestion the user can edit.
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export function CreateBusinessPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const effectiveSlug = slugEdited ? slug : slugify(name);
  const create = useMutation({
    mutationFn: () => businessesApi.create(name.trim(), effectiveSlug),
    onSuccess: async (b) => {
      await client.invalidateQueries({ queryKey: meKey });
      navigate(`/b/${b.slug}/settings/whatsapp`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="xl" maw={520} mx="auto" mt="xl">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2} size="h3">
            Create a business
          </Title>
          <Text c="dimmed" size="sm">
            A business is its own workspace: its WhatsApp numbers, inbox, contacts and team. You will be its
            owner.
          </Text>
          {create.error && <Alert color="red">{describeError(create.error)}</Alert>}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput
            label="Address"
            description="Lower-case letters, digits and dashes (3–40); also its subdomain."
            required
            value={effectiveSlug}
            onChange={(e) => {
              setSlugEdited(true);
              setSlug(e.currentTarget.value);
            }}
          />
          <Button type="submit" loading={create.isPending}>
            Create business
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
