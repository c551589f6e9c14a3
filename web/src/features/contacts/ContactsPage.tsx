import { useCallback, useMemo, useState } from "react";
import { Button, Center, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { IconDownload, IconFileImport, IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { contactsApi } from "../../api/contacts";
import type { Contact } from "../../api/types";
import { useBusiness } from "../../app/business";
import { dateFormatter } from "../../app/format";
import { useMembers } from "../../app/members";
import { ErrorState } from "../../components/ErrorState";
import { BulkAssignBar } from "./BulkAssignBar";
import { ContactDrawer } from "./ContactDrawer";
import { ContactFilters } from "./ContactFilters";
import { ContactFormModal } from "./ContactFormModal";
import { ContactsEmpty } from "./ContactsEmpty";
import { ContactsTable } from "./ContactsTable";
import {
  filtersFromParams,
  filtersKey,
  hasFilters,
  withFilter,
  withoutFilters,
  type FilterKey,
} from "./contactFilters";
import { leadStatuses, loadedLabel } from "./contactFormat";
import { ImportModal } from "./ImportModal";
import { refreshFromTop, updateContactsInCache, useContactsQuery } from "./useContactsQuery";

const EMPTY: ReadonlySet<string> = new Set();

export function ContactsPage() {
  const { id: businessId, business, can } = useBusiness();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const scope = filtersKey(filters);
  const list = useContactsQuery(businessId, filters);
  const members = useMembers();
  const statuses = leadStatuses(business.settings);
  const timeZone = business.settings.timezone;
  const formatDate = useMemo(() => dateFormatter(timeZone), [timeZone]);
  const canWrite = can.writeContacts;
  const canAssign = can.assignLeads && can.writeContacts;

  // The selection belongs to one set of filters: change them and it starts empty.
  const [selection, setSelection] = useState<{ scope: string; ids: ReadonlySet<string> }>({
    scope,
    ids: EMPTY,
  });
  const selected = selection.scope === scope ? selection.ids : EMPTY;
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [open, setOpen] = useState<Contact | null>(null);

  const setFilter = (key: FilterKey, value: string | null, typing = false) =>
    setParams((p) => withFilter(p, key, value), { replace: typing });
  const clearFilters = () => setParams((p) => withoutFilters(p));

  const { rows } = list;
  const toggle = useCallback(
    (id: string) =>
      setSelection((s) => {
        const ids = new Set(s.scope === scope ? s.ids : EMPTY);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { scope, ids };
      }),
    [scope],
  );
  const toggleAll = () =>
    setSelection(() => ({
      scope,
      ids: rows.length > 0 && rows.every((c) => selected.has(c.id)) ? EMPTY : new Set(rows.map((c) => c.id)),
    }));
  const clearSelection = () => setSelection({ scope, ids: EMPTY });
  const openContact = useCallback((c: Contact) => setOpen(c), []);

  const onAssigned = (owners: Map<string, string>) => {
    updateContactsInCache(client, businessId, (c) =>
      owners.has(c.id) ? { ...c, owner_user_id: owners.get(c.id) ?? null } : c,
    );
    clearSelection();
  };
  // `?contact=<id>` (from the inbox's contact panel) opens that contact's drawer.
  const linkedId = params.get("contact");
  const linked = useQuery({
    queryKey: ["business", businessId, "contact", linkedId ?? "none"],
    queryFn: () => contactsApi.get(businessId, linkedId!),
    enabled: !!linkedId,
  });
  const drawerContact = open ?? (linkedId ? (linked.data ?? null) : null);
  const closeDrawer = () => {
    setOpen(null);
    if (linkedId)
      setParams(
        (p) => {
          p.delete("contact");
          return p;
        },
        { replace: true },
      );
  };

  const onSaved = (saved: Contact) => {
    updateContactsInCache(client, businessId, (c) => (c.id === saved.id ? saved : c));
    setOpen(saved);
  };
  const onDeleted = (id: string) => {
    updateContactsInCache(client, businessId, (c) => (c.id === id ? null : c));
    closeDrawer();
  };
  const refresh = useCallback(() => void refreshFromTop(client, businessId), [client, businessId]);

  const filtered = hasFilters(filters);
  // A business without any contact yet: the empty state alone says what to do.
  const nothingYet = !list.isPending && !list.error && rows.length === 0 && !filtered;
  let body;
  if (list.isPending)
    body = (
      <Center p="xl">
        <Loader />
      </Center>
    );
  else if (list.error && rows.length === 0)
    body = <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  else if (rows.length === 0)
    body = (
      <ContactsEmpty
        filtered={filtered}
        canWrite={canWrite}
        onAdd={() => setAdding(true)}
        onImport={() => setImporting(true)}
        onClearFilters={clearFilters}
      />
    );
  else
    body = (
      <ContactsTable
        rows={rows}
        members={members.data}
        formatDate={formatDate}
        selectable={canAssign}
        selected={selected}
        onToggle={toggle}
        onToggleAll={toggleAll}
        onOpen={openContact}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        loadMoreFailed={list.isFetchNextPageError}
        fetchNextPage={list.fetchNextPage}
      />
    );

  return (
    <Stack gap="sm" h="calc(100dvh - 56px - 2 * var(--mantine-spacing-md))" mih={480}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm" align="baseline">
          <Title order={2}>Contacts</Title>
          {!list.isPending && !nothingYet && (
            <Text size="sm" c="dimmed" data-testid="contacts-loaded">
              {loadedLabel(rows.length)}
              {list.hasNextPage ? " · more as you scroll" : ""}
            </Text>
          )}
        </Group>
        {canWrite && !nothingYet && (
          <Group gap="xs">
            <Button
              component="a"
              href={contactsApi.exportUrl(businessId, filters)}
              download="contacts.csv"
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              Export
            </Button>
            <Button
              variant="light"
              leftSection={<IconFileImport size={16} />}
              onClick={() => setImporting(true)}
            >
              Import CSV
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              Add contact
            </Button>
          </Group>
        )}
      </Group>
      {!nothingYet && (
        <ContactFilters
          filters={filters}
          members={members.data ?? []}
          statuses={statuses}
          onChange={setFilter}
          onClear={clearFilters}
        />
      )}
      {canAssign && selected.size > 0 && (
        <BulkAssignBar
          businessId={businessId}
          selectedIds={[...selected]}
          members={members.data ?? []}
          onAssigned={onAssigned}
          onClear={clearSelection}
        />
      )}
      {body}
      {canWrite && (
        <>
          <ContactFormModal
            opened={adding}
            onClose={() => setAdding(false)}
            businessId={businessId}
            statuses={statuses}
            defaultRegion={business.settings.default_region ?? "US"}
            onCreated={refresh}
          />
          <ImportModal
            opened={importing}
            onClose={() => setImporting(false)}
            businessId={businessId}
            onImported={refresh}
          />
        </>
      )}
      <ContactDrawer
        contact={drawerContact}
        onClose={closeDrawer}
        businessId={businessId}
        statuses={statuses}
        members={members.data}
        formatDate={formatDate}
        canWrite={canWrite}
        onSaved={onSaved}
        onDeleted={onDeleted}
      />
    </Stack>
  );
}
