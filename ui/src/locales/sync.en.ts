import type { SyncMessages } from "./sync.types";
import { countEn } from "./plural";

export const syncEn: SyncMessages = {
  title: "Sync between your devices",
  intro: "Keep your meetings, notes and relationships on your other computers. Optional: without it, everything stays on this one.",
  privacy:
    "Everything is encrypted on this device before it leaves. The sync server stores and relays what it cannot read: no transcript, note, name or figure.",
  server: "Sync server",
  email: "Email",
  password: "Password",
  passwordAgain: "The same password again",
  passwordsDiffer: "The two passwords differ.",
  passwordHint: (min) => `At least ${min} characters. It opens your synced data: choose one you do not use elsewhere.`,
  deviceName: "This device's name",
  forgot: "I forgot the password: use the recovery key",
  recoveryKey: "Recovery key",
  recoveryKeyHint: "The 52 letters and digits you wrote down when the account was made. You choose a new password with it; your other devices sign in with the new one when they next have to.",
  newPassword: "New password",
  recover: "Sign in and set the new password",
  create: "Create an account",
  signIn: "Sign in",
  joining: "Connecting…",
  lossWarning:
    "Only your password and the recovery key shown next open your synced data. Onno cannot reset them: losing both loses what is synced (this device keeps its own copy).",
  recoveryTitle: "Your recovery key",
  recoveryBody: "Write it down or print it and keep it somewhere safe. It is shown only now.",
  recoveryConfirm: "I have written the recovery key down",
  recoveryDone: "Done",
  signedInAs: (email, server) => `Syncing as ${email} through ${server}.`,
  pending: (n) => (n === 0 ? "Nothing waiting to go." : `${n} ${countEn(n, { one: "change", other: "changes" })} waiting to go.`),
  lastSuccess: (when) => `Last synced ${when}.`,
  never: "Not synced yet.",
  lastError: "The last try failed:",
  refused: (n) =>
    `${n} ${countEn(n, { one: "change", other: "changes" })} from the server did not open (altered or moved on the way) and ${n === 1 ? "was" : "were"} refused.`,
  filesToSend: (n) =>
    n === 0 ? "" : `${n} ${countEn(n, { one: "recording or file", other: "recordings and files" })} from this device waiting to go.`,
  filesToFetch: (n, size) =>
    n === 0 ? "" : `${n} ${countEn(n, { one: "recording or file", other: "recordings and files" })} (${size}) from other devices not on this one.`,
  fetchFiles: "Recordings and files from your other devices",
  fetchAlways: "Fetch them as soon as they are synced",
  fetchOnDemand: "Fetch them only when I play or open them",
  fetchHint: "This device's own recordings and files are always sent, so your other devices can fetch them. Everything travels encrypted.",
  elsewhere: (n, size) =>
    `This meeting's ${n === 1 ? "recording is" : "recordings are"} on another of your devices (${size}). Fetch to play it here.`,
  fetchNow: "Fetch the recording",
  fetching: (file, files, percent) => `Fetching ${file} of ${files}… ${percent}%`,
  fetchedNone: "Nothing was fetched: the device that recorded the meeting has not sent the recording yet. It will once that device syncs.",
  syncNow: "Sync now",
  syncing: "Syncing…",
  synced: (sent, received) => `Synced: ${sent} sent, ${received} received.`,
  devices: "Devices",
  thisDevice: "this device",
  added: (when) => `added ${when}`,
  lastSeen: (when) => `last seen ${when}`,
  revoke: "Remove",
  revokeQuestion: (name) => `Remove ${name}? It stops syncing at once; its own copy stays on it.`,
  signOut: "Sign out of sync",
  signOutQuestion: "Sign this device out of sync? Its data stays here; other devices keep syncing.",
  deleteAccount: "Delete the sync account",
  deleteQuestion:
    "Delete the account and everything the sync server stores for it? Each device keeps its own copy. Type your password to confirm.",
  deletePassword: "Password",
  deleteYes: "Delete the account",
  cancel: "Cancel",
  errors: {
    sync_offline: () => "The sync server cannot be reached. Check the connection; changes wait on this device and go when it answers.",
    sync_sign_in: () => "The email or password is wrong, or this device was signed out. Check them and sign in again.",
    sync_email_taken: () => "This email already has a sync account. Choose Sign in instead.",
    sync_busy: () => "The sync server asks to wait: too many tries. Try again in a few minutes.",
    sync_upgrade: () => "Your synced data comes from a newer version of Onno. Update Onno on this device to sync.",
    sync_recovery_key: () =>
      "The recovery key does not open this account. Check it against what you wrote down: 52 letters and digits in groups of four.",
    sync_wrong_password: () => "The password does not open the synced data. Use the password set on your first device.",
    sync_not_signed_in: () => "This device is not signed in to sync. Sign in under Settings → Sync.",
    sync_refused: () => "The sync server refused the request. The details say why; try again, or update Onno.",
    sync_tampered: () =>
      "Something from the sync server did not open: it was altered on the way or on the server, and was not kept. This device's data is untouched; tell whoever runs the sync server.",
    sync_not_sent_yet: () =>
      "This is still only on the device it was made on. It arrives once that device syncs: open Onno there, connected.",
  },
};
