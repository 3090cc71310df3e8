// The shape of the words of Settings' sync section (`sync.en.ts`, `sync.ko.ts`).

import type { AppErrorKind } from "../bindings.gen";

/** The error kinds only sync gives. */
export type SyncErrorKind = Extract<
  AppErrorKind,
  | "sync_offline"
  | "sync_sign_in"
  | "sync_email_taken"
  | "sync_busy"
  | "sync_upgrade"
  | "sync_wrong_password"
  | "sync_recovery_key"
  | "sync_not_signed_in"
  | "sync_refused"
  | "sync_tampered"
  | "sync_not_sent_yet"
>;

export interface SyncMessages {
  title: string;
  intro: string;
  /** What the server can and cannot see. */
  privacy: string;
  server: string;
  email: string;
  password: string;
  passwordAgain: string;
  passwordsDiffer: string;
  passwordHint: (min: number) => string;
  deviceName: string;
  forgot: string;
  recoveryKey: string;
  recoveryKeyHint: string;
  newPassword: string;
  recover: string;
  create: string;
  signIn: string;
  joining: string;
  /** Said before an account is created: the password and recovery key are the only ways in. */
  lossWarning: string;
  recoveryTitle: string;
  recoveryBody: string;
  recoveryConfirm: string;
  recoveryDone: string;
  signedInAs: (email: string, server: string) => string;
  pending: (count: number) => string;
  lastSuccess: (when: string) => string;
  never: string;
  lastError: string;
  refused: (count: number) => string;
  /** This device's recordings and files not yet on the server. */
  filesToSend: (count: number) => string;
  /** Other devices' recordings and files not on this device, and their size. */
  filesToFetch: (count: number, size: string) => string;
  /** The setting: when other devices' recordings and files are fetched. */
  fetchFiles: string;
  fetchAlways: string;
  fetchOnDemand: string;
  fetchHint: string;
  /** A meeting whose recording is on another device. */
  elsewhere: (count: number, size: string) => string;
  fetchNow: string;
  fetching: (file: number, files: number, percent: number) => string;
  fetchedNone: string;
  syncNow: string;
  syncing: string;
  synced: (sent: number, received: number) => string;
  devices: string;
  thisDevice: string;
  added: (when: string) => string;
  lastSeen: (when: string) => string;
  revoke: string;
  revokeQuestion: (name: string) => string;
  signOut: string;
  signOutQuestion: string;
  deleteAccount: string;
  deleteQuestion: string;
  deletePassword: string;
  deleteYes: string;
  cancel: string;
  errors: Record<SyncErrorKind, (subject: string | null) => string>;
}
