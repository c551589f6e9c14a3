import { Alert, Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { describeError } from "../../api/client";
import type { CreatedBusiness } from "../../api/types";
import { slugify } from "../businesses/CreateBusinessPage";
import { errorField } from "./platformRules";
import { useCreateBusiness } from "./usePlatform";

// A new business with its first owner: an existing account, or a new one with a temporary
// password the platform admin hands on.
export function CreateBusinessModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (created: CreatedBusiness) => void;
}) {
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [email, setEmail] = useState("");
  const [adminName, setAdminName] = useState("");
  const create = useCreateBusiness();
  const effectiveSlug = slugEdited ? slug : slugify(name);
  const field = errorField(create.error);
  const fieldError = (f: typeof field) => (field === f ? describeError(create.error) : undefined);

  const reset = () => {
    setName("");
    setSlug("");
    setSlugEdited(false);
    setEmail("");
    setAdminName("");
    create.reset();
  };
  const close = () => {
    reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        slug: effectiveSlug,
        admin_email: email.trim(),
        ...(adminName.trim() ? { admin_name: adminName.trim() } : {}),
      },
      {
        onSuccess: (created) => {
          reset();
          onCreated(created);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Create a business" centered>
      <form onSubmit={submit}>
        <Stack>
          {create.error != null && !field && <Alert color="red">{describeError(create.error)}</Alert>}
          <TextInput
            label="Business name"
            required
            data-autofocus
            value={name}
            error={fieldError("name")}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="Address"
            description="Lower-case letters, digits and dashes (3–40); also its subdomain."
            required
            value={effectiveSlug}
            error={fieldError("slug")}
            onChange={(e) => {
              setSlugEdited(true);
              setSlug(e.currentTarget.value);
            }}
          />
          <TextInput
            label="Admin email"
            description="Becomes the owner. A new account gets a temporary password."
            type="email"
            required
            value={email}
            error={fieldError("admin_email")}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <TextInput
            label="Admin name"
            value={adminName}
            error={fieldError("admin_name")}
            onChange={(e) => setAdminName(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create business
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
