import { useCallback, useMemo, useState } from "react";
import { useMediaQuery } from "@mantine/hooks";
import { useNavigate, useParams } from "react-router";
import { useBusiness } from "../../app/business";
import { memberName, useMembers } from "../../app/members";
import { ConversationFilters } from "./ConversationFilters";
import { ConversationList } from "./ConversationList";
import { ConversationView } from "./ConversationView";
import { NoConversationSelected } from "./InboxEmpty";
import { NewConversationModal } from "./NewConversationModal";
import { ShortcutsModal } from "./ShortcutsModal";
import { isDefaultFilters, searchConversations } from "./inboxRules";
import { useConversationActions } from "./useConversationActions";
import { useConversationList, useNow, usePhoneNumbers } from "./useInboxData";
import { useInboxFilters } from "./useInboxFilters";
import { useInboxLive } from "./useInboxLive";
import { useShortcuts } from "./useShortcuts";
import "./inbox.css";

const composerSelector = "[data-composer]";

// The three-pane inbox: conversations, the open thread, and the contact.
export function InboxPage() {
  const { conversationId = null } = useParams();
  const navigate = useNavigate();
  const { id: b, path } = useBusiness();
  const [filters, setFilters] = useInboxFilters(b);
  const [search, setSearch] = useState("");
  const [newOpen, setNewOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const wide = useMediaQuery("(min-width: 1100px)", true, { getInitialValueInEffect: false });
  const phone = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const [panelWanted, setPanelWanted] = useState(true);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const now = useNow();
  const live = useInboxLive();
  const list = useConversationList(filters);
  const numbers = usePhoneNumbers();
  const members = useMembers().data;
  const nameOf = useCallback((id: string | null) => memberName(members, id), [members]);
  const shown = useMemo(() => searchConversations(list.conversations, search), [list.conversations, search]);
  const selected = conversationId ? list.conversations.find((c) => c.id === conversationId) : undefined;

  const actions = useConversationActions(conversationId);
  const open = (id: string | undefined) => id && navigate(path(`inbox/${id}`));
  const step = (by: number) => {
    const i = shown.findIndex((c) => c.id === conversationId);
    open(i < 0 ? shown[0]?.id : shown[Math.min(Math.max(i + by, 0), shown.length - 1)]?.id);
  };
  useShortcuts({
    j: () => step(1),
    k: () => step(-1),
    r: () => document.querySelector<HTMLElement>(composerSelector)?.focus(),
    e: () => {
      if (conversationId && selected?.status !== "resolved") actions.setStatus("resolved");
    },
    "?": () => setHelpOpen(true),
    Escape: () => {
      const active = document.activeElement;
      if (active instanceof HTMLElement && active.matches(composerSelector)) active.blur();
    },
  });

  const showList = !phone || !conversationId;
  const showThread = !phone || !!conversationId;
  return (
    <div className={`sb-inbox${phone ? " sb-inbox-phone" : ""}`} data-testid="inbox">
      {showList && (
        <section className="sb-inbox-list" aria-label="Conversations">
          <ConversationFilters
            filters={filters}
            onFilters={setFilters}
            search={search}
            onSearch={setSearch}
            numbers={numbers}
            onNew={() => setNewOpen(true)}
          />
          <ConversationList
            conversations={shown}
            isPending={list.isPending}
            error={list.error}
            onRetry={() => void list.refetch()}
            hasNextPage={list.hasNextPage}
            fetchingNext={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
            selectedId={conversationId}
            now={now}
            nameOf={nameOf}
            searching={search.trim().length > 0}
            defaultFilters={isDefaultFilters(filters)}
            live={live}
          />
        </section>
      )}
      {showThread &&
        (conversationId ? (
          <ConversationView
            key={conversationId}
            conversationId={conversationId}
            fromList={selected}
            now={now}
            wide={wide}
            panelOpen={wide ? panelWanted : drawerOpen}
            onTogglePanel={() => (wide ? setPanelWanted((v) => !v) : setDrawerOpen((v) => !v))}
            onBack={phone ? () => navigate(path("inbox")) : undefined}
          />
        ) : (
          <div className="sb-inbox-thread" style={{ justifyContent: "center" }}>
            <NoConversationSelected />
          </div>
        ))}
      <NewConversationModal opened={newOpen} onClose={() => setNewOpen(false)} />
      <ShortcutsModal opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
