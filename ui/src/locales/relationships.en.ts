// The relationships list, form and page in English.

import type { Messages } from "../messages";
import { countEn } from "./plural";

export const relationshipsEn: Messages["relationships"] = {
  title: "Relationships",
  add: "New relationship",
  edit: "Edit relationship",
  empty: "No relationships yet.",
  emptyHint: "Add the deals, portfolio companies, clients, candidates and partners you meet.",
  saved: "Saved.",
  columns: {
    name: "Name",
    type: "Type",
    status: "Status",
    importance: "Importance",
    engagement: "Engagement",
    meetings: "Meetings",
    nextMeeting: "Next meeting",
    openItems: "Open items",
  },
  list: {
    filters: "Filter relationships",
    anyType: "All types",
    anyStatus: "All statuses",
    anyImportance: "Any importance",
    anyStage: "Any stage",
    anyTag: "Any tag",
    sort: "Order",
    sorts: {
      last_interaction: "Last met",
      next_meeting: "Next meeting",
      engagement: "Engagement",
      name: "Name",
    },
    engagementMeans:
      "Engagement: how recently and how often you met them in the last 90 days; a meeting today counts most.",
    clear: "Clear filters",
    noMatch: "No relationship matches these filters.",
    noMatchHint: "Clear a filter to see more.",
  },
  fields: {
    name: "Name",
    type: "Type",
    status: "Status",
    importance: "Importance",
    industry: "Industry",
    stage: "Stage",
    tags: "Tags",
    tagsHint: "comma-separated",
    contactName: "Name",
    contactEmail: "Email",
    contactPhone: "Phone",
    contactTitle: "Title",
    description: "Description",
    notes: "Notes",
  },
  sections: { basics: "Basics", contact: "Primary contact", details: "Description and notes" },
};

/** A relationship's own page. */
export const relationshipPageEn: Messages["relationshipPage"] = {
  edit: "Edit",
  startWith: (name) => `Start a meeting with ${name}`,
  contact: "Primary contact",
  team: "Team",
  firstContact: "First contact",
  nextMeeting: "Next meeting",
  overdue: "Overdue",
  timeline: "Timeline",
  openItems: (n) => `${n} open ${countEn(n, { one: "action item", other: "action items" })}:`,
  openItemsTitle: "Open action items across its meetings",
  figuresHeard: "Figures heard:",
};
