// Settings' sync section: join (create the account, with its recovery key shown once,
// or sign in), then the status, "sync now", the account's devices, signing out and
// deleting the account. The loop itself runs in the app; this page shows what it did.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { commands, type SyncFetchFiles, type SyncJoin, type SyncStatus } from "../bindings.gen";
import { ConfirmBar } from "../components/ConfirmBar";
import { Status } from "../components/Status";
import { ErrorText } from "../errors";
import { formatBytes, formatDateTime } from "../format";
import { useLocale, useT } from "../i18n";
import { call, CommandError } from "../ipc";
import { all, useSyncDevices, useSyncStatus } from "../queries";

/** The shortest password sync accepts (`onno_sync::MIN_PASSWORD_CHARS`). */
const MIN_PASSWORD = 10;

export function SyncSettings() {
  const t = useT();
  const status = useSyncStatus();
  // Shown once after the account is created, until the user says it is written down.
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  return (
    <div className="form" data-testid="sync-settings">
      <fieldset>
        <legend>{t.sync.title}</legend>
        <p className="muted wide">{t.sync.intro}</p>
        <p className="muted wide">{t.sync.privacy}</p>
        {recoveryKey !== null ? (
          <RecoveryKey value={recoveryKey} onDone={() => setRecoveryKey(null)} />
        ) : (
          <Status query={status}>
            {(s) => (s.account === null ? <JoinForm onCreated={setRecoveryKey} /> : <SignedIn status={s} />)}
          </Status>
        )}
      </fieldset>
    </div>
  );
}

function JoinForm({ onCreated }: { onCreated: (key: string) => void }) {
  const s = useT().sync;
  const queryClient = useQueryClient();
  const [server, setServer] = useState("https://");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [deviceName, setDeviceName] = useState("");
  const [creating, setCreating] = useState(false);
  // Signing in with the recovery key: the password fields set a new password.
  const [recovering, setRecovering] = useState(false);
  const [recoveryKey, setRecoveryKey] = useState("");
  const newPassword = creating || recovering;
  const join = useMutation({
    mutationFn: (request: SyncJoin) => call(commands.joinSync(request)),
    onSuccess: (joined) => {
      setPassword("");
      setAgain("");
      if (joined.recovery_key !== null) onCreated(joined.recovery_key);
      void queryClient.invalidateQueries({ queryKey: all.sync });
    },
  });
  const differ = newPassword && again !== "" && again !== password;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (newPassword && again !== password) return;
    join.mutate({
      server: server.trim(),
      email: email.trim(),
      password,
      device_name: deviceName.trim(),
      create: creating,
      recovery_key: !creating && recovering ? recoveryKey.trim() : null,
    });
  }

  return (
    <form className="sync-join wide" data-testid="sync-join" onSubmit={submit}>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={!creating} className={creating ? "tab" : "tab active"} data-testid="sync-choose-sign-in" onClick={() => setCreating(false)}>
          {s.signIn}
        </button>
        <button type="button" role="tab" aria-selected={creating} className={creating ? "tab active" : "tab"} data-testid="sync-choose-create" onClick={() => setCreating(true)}>
          {s.create}
        </button>
      </div>
      <label className="field wide">
        <span>{s.server}</span>
        <input name="sync-server" type="url" value={server} onChange={(e) => setServer(e.target.value)} required />
      </label>
      <label className="field">
        <span>{s.email}</span>
        <input name="sync-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label className="field">
        <span>{s.deviceName}</span>
        <input name="sync-device-name" value={deviceName} onChange={(e) => setDeviceName(e.target.value)} required />
      </label>
      {!creating && (
        <label className="field wide">
          <span>
            <input type="checkbox" name="sync-forgot" checked={recovering} onChange={(e) => setRecovering(e.target.checked)} />{" "}
            {s.forgot}
          </span>
        </label>
      )}
      {!creating && recovering && (
        <label className="field wide">
          <span>{s.recoveryKey}</span>
          <input
            name="sync-recovery-key"
            autoComplete="off"
            spellCheck={false}
            value={recoveryKey}
            onChange={(e) => setRecoveryKey(e.target.value)}
            required
          />
          <small className="muted">{s.recoveryKeyHint}</small>
        </label>
      )}
      <label className="field">
        <span>{newPassword && !creating ? s.newPassword : s.password}</span>
        <input
          name="sync-password"
          type="password"
          autoComplete={newPassword ? "new-password" : "current-password"}
          minLength={newPassword ? MIN_PASSWORD : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {newPassword && (
        <label className="field">
          <span>{s.passwordAgain}</span>
          <input name="sync-password-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        </label>
      )}
      {newPassword && <p className="muted wide">{s.passwordHint(MIN_PASSWORD)}</p>}
      {creating && (
        <p className="notice wide" role="note" data-testid="sync-loss-warning">
          {s.lossWarning}
        </p>
      )}
      {differ && (
        <p className="notice error wide" role="alert">
          {s.passwordsDiffer}
        </p>
      )}
      {join.isError && (
        <div className="notice error wide" role="alert">
          <ErrorText error={join.error} />
        </div>
      )}
      <div className="actions wide">
        <button type="submit" className="button primary" data-testid="sync-join-submit" disabled={join.isPending || differ}>
          {join.isPending ? s.joining : creating ? s.create : recovering ? s.recover : s.signIn}
        </button>
      </div>
    </form>
  );
}

function RecoveryKey({ value, onDone }: { value: string; onDone: () => void }) {
  const s = useT().sync;
  const [written, setWritten] = useState(false);
  return (
    <div className="sync-recovery wide" data-testid="sync-recovery">
      <h3>{s.recoveryTitle}</h3>
      <p>{s.recoveryBody}</p>
      <p className="recovery-key" data-testid="sync-recovery-key">
        <code>{value}</code>
      </p>
      <label className="field wide">
        <span>
          <input type="checkbox" name="sync-recovery-written" checked={written} onChange={(e) => setWritten(e.target.checked)} />{" "}
          {s.recoveryConfirm}
        </span>
      </label>
      <div className="actions">
        <button type="button" className="button primary" data-testid="sync-recovery-done" disabled={!written} onClick={onDone}>
          {s.recoveryDone}
        </button>
      </div>
    </div>
  );
}

/** When this device fetches other devices' recordings and files. */
function FetchSetting({ current }: { current: SyncFetchFiles }) {
  const s = useT().sync;
  const queryClient = useQueryClient();
  const set = useMutation({
    mutationFn: (mode: SyncFetchFiles) => call(commands.setSyncFetchFiles(mode)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: all.sync }),
  });
  const shown = set.isPending ? set.variables : current;
  return (
    <div className="field wide" data-testid="sync-fetch-files">
      <span>{s.fetchFiles}</span>
      <div className="field kind-choice" role="radiogroup">
        {(["always", "on_demand"] as const).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="sync-fetch-files"
              value={mode}
              checked={shown === mode}
              disabled={set.isPending}
              onChange={() => set.mutate(mode)}
            />{" "}
            {mode === "always" ? s.fetchAlways : s.fetchOnDemand}
          </label>
        ))}
      </div>
      <span className="muted">{s.fetchHint}</span>
      {set.isError && <ErrorText error={set.error} />}
    </div>
  );
}

function SignedIn({ status }: { status: SyncStatus }) {
  const s = useT().sync;
  const locale = useLocale();
  const queryClient = useQueryClient();
  const account = status.account;
  const syncNow = useMutation({
    mutationFn: () => call(commands.syncNow()),
    onSuccess: (round) => {
      // Other devices' changes may be in any view.
      if (round.received > 0) void queryClient.invalidateQueries();
      else void queryClient.invalidateQueries({ queryKey: all.sync });
    },
  });
  if (account === null) return null;
  return (
    <div className="sync-status wide" data-testid="sync-status">
      <p>{s.signedInAs(account.email, account.server)}</p>
      <p data-testid="sync-pending">{s.pending(status.pending_changes)}</p>
      <p data-testid="sync-last">{status.last_success === null ? s.never : s.lastSuccess(formatDateTime(status.last_success, locale))}</p>
      {status.last_error !== null && (
        <div className="notice error" role="alert" data-testid="sync-last-error">
          {s.lastError} <ErrorText error={new CommandError(status.last_error)} />
        </div>
      )}
      {status.files_to_send > 0 && <p data-testid="sync-files-to-send">{s.filesToSend(status.files_to_send)}</p>}
      {status.files_to_fetch > 0 && (
        <p data-testid="sync-files-to-fetch">{s.filesToFetch(status.files_to_fetch, formatBytes(status.fetch_bytes))}</p>
      )}
      {status.refused > 0 && (
        <p className="notice error" role="alert" data-testid="sync-refused">
          {s.refused(status.refused)}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button primary" data-testid="sync-now" disabled={syncNow.isPending} onClick={() => syncNow.mutate()}>
          {syncNow.isPending ? s.syncing : s.syncNow}
        </button>
      </div>
      {syncNow.isSuccess && (
        <p className="notice" role="status" data-testid="sync-now-result">
          {s.synced(syncNow.data.sent, syncNow.data.received)}
        </p>
      )}
      {syncNow.isError && (
        <div className="notice error" role="alert">
          <ErrorText error={syncNow.error} />
        </div>
      )}
      <FetchSetting current={status.fetch_files} />
      <Devices />
      <Leave />
    </div>
  );
}

function Devices() {
  const s = useT().sync;
  const locale = useLocale();
  const queryClient = useQueryClient();
  const devices = useSyncDevices(true);
  const [asking, setAsking] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => call(commands.revokeSyncDevice(id)),
    onSuccess: () => {
      setAsking(null);
      void queryClient.invalidateQueries({ queryKey: all.sync });
    },
  });
  return (
    <section className="sync-devices" data-testid="sync-devices">
      <h3>{s.devices}</h3>
      <Status query={devices}>
        {(list) => (
          <ul>
            {list.map((d) => (
              <li key={d.id} data-testid="sync-device">
                <strong>{d.name}</strong> {d.current && <span className="badge">{s.thisDevice}</span>}{" "}
                <span className="muted">
                  {s.added(formatDateTime(d.added, locale))} · {s.lastSeen(formatDateTime(d.last_seen, locale))}
                </span>{" "}
                {!d.current &&
                  (asking === d.id ? (
                    <ConfirmBar
                      question={s.revokeQuestion(d.name)}
                      yes={s.revoke}
                      no={s.cancel}
                      pending={revoke.isPending}
                      onYes={() => revoke.mutate(d.id)}
                      onNo={() => setAsking(null)}
                    />
                  ) : (
                    <button type="button" className="button ghost small" data-testid="sync-revoke" onClick={() => setAsking(d.id)}>
                      {s.revoke}
                    </button>
                  ))}
              </li>
            ))}
          </ul>
        )}
      </Status>
      {revoke.isError && (
        <div className="notice error" role="alert">
          <ErrorText error={revoke.error} />
        </div>
      )}
    </section>
  );
}

/** Signing out, and deleting the account (which asks for the password again). */
function Leave() {
  const s = useT().sync;
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<"sign-out" | "delete" | null>(null);
  const [password, setPassword] = useState("");
  const done = () => {
    setAsking(null);
    setPassword("");
    void queryClient.invalidateQueries({ queryKey: all.sync });
  };
  const signOut = useMutation({ mutationFn: () => call(commands.leaveSync()), onSuccess: done });
  const remove = useMutation({ mutationFn: () => call(commands.deleteSyncAccount(password)), onSuccess: done });
  const failed = signOut.error ?? remove.error;
  return (
    <div className="sync-leave">
      {asking === "sign-out" ? (
        <ConfirmBar question={s.signOutQuestion} yes={s.signOut} no={s.cancel} pending={signOut.isPending} onYes={() => signOut.mutate()} onNo={() => setAsking(null)} />
      ) : asking === "delete" ? (
        <form
          className="sync-delete"
          data-testid="sync-delete-confirm"
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate();
          }}
        >
          <p>{s.deleteQuestion}</p>
          <label className="field">
            <span>{s.deletePassword}</span>
            <input name="sync-delete-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <div className="actions">
            <button type="submit" className="button danger" data-testid="sync-delete-yes" disabled={remove.isPending || password === ""}>
              {s.deleteYes}
            </button>
            <button type="button" className="button ghost" onClick={() => setAsking(null)}>
              {s.cancel}
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="button" data-testid="sync-sign-out" onClick={() => setAsking("sign-out")}>
            {s.signOut}
          </button>
          <button type="button" className="button ghost" data-testid="sync-delete" onClick={() => setAsking("delete")}>
            {s.deleteAccount}
          </button>
        </div>
      )}
      {failed !== null && (
        <div className="notice error" role="alert">
          <ErrorText error={failed} />
        </div>
      )}
    </div>
  );
}
