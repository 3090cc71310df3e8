import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { commands, type ActionItem, type AiQuestion, type Locale, type RelationshipFilter, type StartMeeting } from "./bindings.gen";
import { LOCALES, LocaleContext, messages } from "./i18n";
import { call } from "./ipc";
import { idle, useLiveMeeting, type LiveState } from "./live";
import { useModelChoice, type ModelChoice } from "./components/ModelPicker";
import { ALL_RELATIONSHIPS, keys, useSetup } from "./queries";
import { useSyncUpdates } from "./sync";
import { useTray } from "./tray";
import { ChecklistsView } from "./views/ChecklistsView";
import { FirstRunView } from "./views/FirstRunView";
import { HomeView } from "./views/HomeView";
import { ModelsView } from "./views/ModelsView";
import { MeetingDetail } from "./views/MeetingDetail";
import { MeetingsView } from "./views/MeetingsView";
import { ImportView } from "./views/ImportView";
import { RecordView } from "./views/RecordView";
import { EMPTY_DRAFT, nextMeetingDraft, type RecordDraft } from "./views/StartForm";
import { RelationshipEditor } from "./views/RelationshipEditor";
import { RelationshipsView } from "./views/RelationshipsView";
import { SearchView, type SearchState } from "./views/SearchView";
import { SettingsView } from "./views/SettingsView";
import { StartupScreen } from "./views/StartupScreen";

/** Where the user is. Detail routes remember the list they came from, page included. */
export type Route =
  | { view: "home" }
  | { view: "record" }
  | { view: "meetings"; offset: number }
  | { view: "import"; back: Route }
  | { view: "meeting"; id: number; focusMs: number | null; back: Route }
  | { view: "relationships"; offset: number; filter: RelationshipFilter }
  | { view: "relationship"; id: number | null; back: Route }
  | { view: "checklists" }
  | { view: "search"; search: SearchState }
  | { view: "models" }
  | { view: "setup" }
  | { view: "settings" };

const SECTIONS = ["home", "record", "meetings", "relationships", "checklists", "search", "models", "settings"] as const;
type Section = (typeof SECTIONS)[number];

const home: Record<Section, Route> = {
  home: { view: "home" },
  record: { view: "record" },
  meetings: { view: "meetings", offset: 0 },
  relationships: { view: "relationships", offset: 0, filter: ALL_RELATIONSHIPS },
  checklists: { view: "checklists" },
  search: { view: "search", search: { text: "", relationshipId: null, offset: 0 } },
  models: { view: "models" },
  settings: { view: "settings" },
};

function sectionOf(route: Route): Section {
  switch (route.view) {
    case "home":
      return "home";
    case "record":
      return "record";
    case "meetings":
    case "import":
    case "meeting":
      return route.view === "meeting" && route.back.view === "search" ? "search" : "meetings";
    case "relationships":
    case "relationship":
      return "relationships";
    case "checklists":
      return "checklists";
    case "search":
      return "search";
    case "models":
      return "models";
    case "setup":
    case "settings":
      return "settings";
  }
}

export function App() {
  const queryClient = useQueryClient();
  const startup = useQuery({ queryKey: keys.startup, queryFn: () => commands.startupStatus() }).data ?? null;
  const ready = startup?.state === "ready";
  // The saved language applies once the database is open; until then Korean, or what
  // the user picks.
  const profile = useQuery({ queryKey: keys.profile, queryFn: () => call(commands.getProfile()), enabled: ready });
  const [picked, setPicked] = useState<Locale | null>(null);
  const locale = picked ?? profile.data?.locale ?? "ko";
  const saveLocale = useMutation({
    mutationFn: async (next: Locale) => {
      const current = await call(commands.getProfile());
      return call(commands.updateProfile({ ...current, locale: next }));
    },
    onSuccess: (saved) => queryClient.setQueryData(keys.profile, saved),
  });
  const [route, setRoute] = useState<Route>(home.home);
  // A new user starts in the setup, once per launch; leaving it is remembered.
  const setup = useSetup(ready);
  const [setupOpened, setSetupOpened] = useState(false);
  if (!setupOpened && setup.data !== undefined) {
    setSetupOpened(true);
    if (setup.data.pending) setRoute({ view: "setup" });
  }
  const [movedTo, setMovedTo] = useState<string | null>(null);
  // Held here, above the views: the meeting keeps recording while the user looks around.
  const live = useLiveMeeting();
  // The start form's content: kept while the meeting starts, fails or runs.
  const [draft, setDraft] = useState<RecordDraft>(EMPTY_DRAFT);
  const modelChoice = useModelChoice();

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useSyncUpdates();

  // The tray's Start opens the form and submits it as it stands; its Stop is Stop.
  const startAsked = useRef(false);
  useTray(messages[locale], {
    start: () => {
      startAsked.current = true;
      // A new route object, so the effect below runs even on the Record page.
      setRoute({ view: "record" });
    },
    stop: () => void live.stop(),
  });
  useEffect(() => {
    if (!startAsked.current || route.view !== "record") return;
    startAsked.current = false;
    document.querySelector<HTMLFormElement>("[data-testid=record-form]")?.requestSubmit();
  }, [route]);

  const changeLocale = (next: Locale) => {
    setPicked(next);
    if (ready) saveLocale.mutate(next);
  };

  const t = messages[locale];
  const section = sectionOf(route);

  return (
    <LocaleContext.Provider value={locale}>
      <div className="app">
        <aside className="sidebar">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Onno
          </div>
          {startup?.state === "ready" && (
            <nav className="nav">
              {SECTIONS.map((s) => (
                <button
                  key={s}
                  type="button"
                  data-testid={`nav-${s}`}
                  className={s === section ? "nav-item active" : "nav-item"}
                  aria-current={s === section ? "page" : undefined}
                  onClick={() => setRoute(home[s])}
                >
                  {t.nav[s]}
                </button>
              ))}
            </nav>
          )}
          <label className="locale">
            <span>{t.language}</span>
            <select
              data-testid="locale"
              value={locale}
              onChange={(e) => changeLocale(e.target.value as Locale)}
            >
              {LOCALES.map((l) => (
                <option key={l.value} value={l.value}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
        </aside>
        <main className="content">
          {startup === null ? null : startup.state !== "ready" ? (
            <StartupScreen
              startup={startup}
              onFreshStart={(fresh) => {
                setMovedTo(fresh.moved_to);
                // The fresh database's profile says the language from now on.
                setPicked(null);
                queryClient.setQueryData(keys.startup, fresh.startup);
              }}
            />
          ) : (
            <>
              {movedTo !== null && (
                <div className="notice banner" role="status">
                  <span>{t.startup.moved(movedTo)}</span>
                  <button type="button" className="button ghost" onClick={() => setMovedTo(null)}>
                    ×
                  </button>
                </div>
              )}
              <Page
                route={route}
                go={setRoute}
                live={live}
                draft={{ value: draft, update: setDraft, modelChoice }}
                locale={locale}
                onLocale={changeLocale}
              />
            </>
          )}
        </main>
      </div>
    </LocaleContext.Provider>
  );
}

interface Live {
  state: LiveState;
  start: (request: StartMeeting) => Promise<boolean>;
  stop: () => Promise<number | null>;
  update: (changed: { question?: AiQuestion; actionItem?: ActionItem }) => void;
}

/** The record form's content, held here so it outlives the form (a failed start keeps it). */
interface Draft {
  value: RecordDraft;
  update: (update: (draft: RecordDraft) => RecordDraft) => void;
  modelChoice: ModelChoice;
}

interface PageProps {
  route: Route;
  go: (route: Route) => void;
  live: Live;
  draft: Draft;
  locale: Locale;
  onLocale: (locale: Locale) => void;
}

function Page({ route, go, live, draft, locale, onLocale }: PageProps) {
  switch (route.view) {
    case "home":
      return (
        <HomeView
          onStart={() => go(home.record)}
          onOpenMeeting={(id) => go({ view: "meeting", id, focusMs: null, back: route })}
          onOpenRelationship={(id) => go({ view: "relationship", id, back: route })}
        />
      );
    case "record":
      return (
        <RecordView
          onOpenModels={() => go(home.models)}
          live={live.state}
          draft={draft.value}
          onDraft={draft.update}
          modelChoice={draft.modelChoice}
          onStart={(request) =>
            void live.start(request).then((started) => {
              // A started meeting's title and people are not the next one's; the
              // devices, model and language usually are.
              if (started) draft.update(nextMeetingDraft);
            })
          }
          onStop={() => void live.stop()}
          onOpenMeeting={(id) => go({ view: "meeting", id, focusMs: null, back: route })}
          onChanged={live.update}
        />
      );
    case "meetings":
      return (
        <MeetingsView
          offset={route.offset}
          onOffset={(offset) => go({ view: "meetings", offset })}
          onOpen={(id) => go({ view: "meeting", id, focusMs: null, back: route })}
          onImport={() => go({ view: "import", back: route })}
        />
      );
    case "import":
      return (
        <ImportView
          onBack={() => go(route.back)}
          onOpenModels={() => go(home.models)}
          onOpenMeeting={(id) => go({ view: "meeting", id, focusMs: null, back: route.back })}
        />
      );
    case "meeting":
      return (
        <MeetingDetail
          id={route.id}
          focusMs={route.focusMs}
          onBack={() => go(route.back)}
          onOpenModels={() => go(home.models)}
          afterRecording={live.state.meetingId === route.id ? live.state.analysis : idle.analysis}
        />
      );
    case "relationships":
      return (
        <RelationshipsView
          offset={route.offset}
          filter={route.filter}
          onOffset={(offset) => go({ ...route, offset })}
          onFilter={(filter) => go({ view: "relationships", offset: 0, filter })}
          onOpen={(id) => go({ view: "relationship", id, back: route })}
        />
      );
    case "relationship":
      return (
        <RelationshipEditor
          key={route.id ?? "new"}
          id={route.id}
          onDone={() => go(route.back)}
          onOpenMeeting={(id) => go({ view: "meeting", id, focusMs: null, back: route })}
          onStartMeeting={(r) => {
            draft.update((d) => ({ ...d, relationship: { mode: "existing", id: r.id, name: r.name } }));
            go(home.record);
          }}
        />
      );
    case "checklists":
      return <ChecklistsView />;
    case "search":
      return (
        <SearchView
          search={route.search}
          onSearch={(search) => go({ view: "search", search })}
          onOpenMeeting={(id, focusMs) => go({ view: "meeting", id, focusMs, back: route })}
        />
      );
    case "models":
      return <ModelsView />;
    case "setup":
      return <FirstRunView locale={locale} onLocale={onLocale} onLeave={() => go(home.record)} />;
    case "settings":
      return <SettingsView onOpenSetup={() => go({ view: "setup" })} onOpenModels={() => go(home.models)} />;
  }
}
