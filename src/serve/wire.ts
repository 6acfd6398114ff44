// What an SSE `data:` line carries for each event. Engine events pass through as they are
// (camelCase, the typed events of src/engine/events.ts) except where they embed bulk: a
// completed step is sent in the same `stepJson` shape GET /sessions/:id/steps lists (so a
// dashboard upserts rows by id), and change sets are reduced to their file paths. Whole file
// contents in every frame would blow the replay buffer; REST serves the full records.
import { sessionSummaryJson, stepJson } from '../app/json';
import type { EngineEvent } from '../engine/events';
import type { ChangeSet, SessionRecord } from '../engine/model';

/** serve's own event: a session changed in another process (a CLI in a terminal, the extension). */
export interface SessionUpdatedEvent {
  type: 'session_updated';
  sessionId: string;
  session: ReturnType<typeof sessionSummaryJson>;
}

export type ServeEvent = EngineEvent | SessionUpdatedEvent;

export function sessionUpdated(s: SessionRecord): SessionUpdatedEvent {
  return { type: 'session_updated', sessionId: s.id, session: sessionSummaryJson(s) };
}

export function wireEvent(e: ServeEvent): object {
  switch (e.type) {
    case 'step_completed':
      return { ...e, step: stepJson(e.step) };
    case 'change_planned':
    case 'change_applied':
      return { ...e, changeSet: changeSummary(e.changeSet) };
    default:
      return e;
  }
}

function changeSummary(cs: ChangeSet) {
  return { applier: cs.applier, applied: cs.applied, rolled_back: cs.rolledBack ?? false, files: cs.files.map((f) => f.path) };
}
