import { useCallback, useEffect, useState } from "react";
import { commands, type ActionItem, type AiQuestion, type Locale, type Startup } from "./bindings.gen";
import { LOCALES, LocaleContext, messages } from "./i18n";
import { call } from "./ipc";
import { idle, useLiveMeeting, type LiveState } from "./live";
import { MeetingDetail } from "./views/MeetingDetail";
import { MeetingsView } from "./views/MeetingsView";
import { RecordView, type RecordForm } from "./views/RecordView";
import { RelationshipEditor } from "./views/RelationshipEditor";
import { RelationshipsView } from "./views/RelationshipsView";
import { SearchView, type SearchState } from "./views/SearchView";
import { SettingsView } from "./views/SettingsView";
import { StartupScreen } from "./views/StartupScreen";

/** Where the user is. Detail routes remember the list they came from, page included. */
export type Route =
  | { view: "record" }
  | { view: "meetings"; offset: number }
  | { view: "meeting"; id: number; focusMs: number | null; back: Route }
  | { view: "relationships"; offset: number }
  | { view: "relationship"; id: number | null; back: Route }
  | { view: "search"; search: SearchState }
  | { view: "settings" };

const SECTIONS = ["record", "meetings", "relationships", "search", "settings"] as const;
type Section = (typeof SECTIONS)[number];

const home: Record<Section, Route> = {
  record: { view: "record" },
  meetings: { view: "meetings", offset: 0 },
  relationships: { view: "relationships", offset: 0 },
  search: { view: "search", search: { text: "", relationshipId: null, offset: 0 } },
  settings: { view: "settings" },
};

function sectionOf(route: Route): Section {
  switch (route.view) {
    case "record":
      return "record";
    case "meetings":
    case "meeting":
      return route.view === "meeting" && route.back.view === "search" ? "search" : "meetings";
    case "relationships":
    case "relationship":
      return "relationships";
    case "search":
      return "search";
    case "settings":
      return "settings";
  }
}

export function App() {
  const [startup, setStartup] = useState<Startup | null>(null);
  const [locale, setLocale] = useState<Locale>("ko");
  const [route, setRoute] = useState<Route>(home.meetings);
  const [movedTo, setMovedTo] = useState<string | null>(null);
  // Held here, above the views: the meeting keeps recording while the user looks around.
  const live = useLiveMeeting();

  useEffect(() => {
    void commands.startupStatus().then(setStartup);
  }, []);

  // The saved language applies once the database is open; until then Korean.
  useEffect(() => {
    if (startup?.state !== "ready") return;
    call(commands.getProfile()).then(
      (profile) => setLocale(profile.locale),
      () => undefined,
    );
  }, [startup]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const changeLocale = useCallback(
    async (next: Locale) => {
      setLocale(next);
      if (startup?.state !== "ready") return;
      const profile = await call(commands.getProfile());
      await call(commands.updateProfile({ ...profile, locale: next }));
    },
    [startup],
  );

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
              onChange={(e) => void changeLocale(e.target.value as Locale).catch(() => undefined)}
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
                setStartup(fresh.startup);
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
              <Page route={route} go={setRoute} live={live} />
            </>
          )}
        </main>
      </div>
    </LocaleContext.Provider>
  );
}

interface Live {
  state: LiveState;
  start: (request: Parameters<typeof commands.startMeeting>[0]) => Promise<void>;
  stop: () => Promise<number | null>;
  update: (changed: { question?: AiQuestion; actionItem?: ActionItem }) => void;
}

function startRequest(form: RecordForm): Parameters<typeof commands.startMeeting>[0] {
  return {
    title: form.title,
    type: form.type,
    relationship_id: null,
    record_mic: form.recordMic,
    mic: form.mic,
    record_system: form.recordSystem,
    system: form.system,
    model: form.model.trim(),
    language: form.language,
    use_llm: form.useLlm,
  };
}

function Page({ route, go, live }: { route: Route; go: (route: Route) => void; live: Live }) {
  switch (route.view) {
    case "record":
      return (
        <RecordView
          live={live.state}
          onStart={(form) => void live.start(startRequest(form))}
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
        />
      );
    case "meeting":
      return (
        <MeetingDetail
          id={route.id}
          focusMs={route.focusMs}
          onBack={() => go(route.back)}
          afterRecording={live.state.meetingId === route.id ? live.state.analysis : idle.analysis}
        />
      );
    case "relationships":
      return (
        <RelationshipsView
          offset={route.offset}
          onOffset={(offset) => go({ view: "relationships", offset })}
          onOpen={(id) => go({ view: "relationship", id, back: route })}
        />
      );
    case "relationship":
      return (
        <RelationshipEditor
          key={route.id ?? "new"}
          id={route.id}
          onDone={() => go(route.back)}
        />
      );
    case "search":
      return (
        <SearchView
          search={route.search}
          onSearch={(search) => go({ view: "search", search })}
          onOpenMeeting={(id, focusMs) => go({ view: "meeting", id, focusMs, back: route })}
        />
      );
    case "settings":
      return <SettingsView />;
  }
}
