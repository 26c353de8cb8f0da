// Payload checking: the engine behind `flokit-gen validate`. In: a taxonomy (the IR) and payload
// sources (file paths, or `-` for a stream such as stdin) holding one event, a batch body
// `{ "events": [...] }`, a JSON array of events, or NDJSON (one event per line, streamed). Out: one
// result per event (the generated validator's verdict for the event it names, and where the event
// was found), one per problem with a source (unreadable, not JSON, not events), a summary, and pure
// formatters for people and for machines. Prints nothing: src/cli.ts does.
//
// This file re-exports the public names of src/payloads/: check.ts (one payload's verdict),
// sources.ts (reading sources, format detection, results) and report.ts (formatters, JSON report).
export { createPayloadChecker, type PayloadChecker, type PayloadVerdict, type PayloadViolation } from './check.js';
export {
  checkPayloadSources,
  STDIN_NAME,
  STDIN_SOURCE,
  type CheckSourcesOptions,
  type EventResult,
  type PayloadLocation,
  type PayloadResult,
  type PayloadSummary,
  type ProblemResult,
  type ResultHandler,
} from './sources.js';
export { createJsonReportWriter, formatPayloadResult, formatPayloadSummary, type JsonReport, type JsonReportEvent, type JsonReportWriter } from './report.js';
