// The import's public surface, loaded only by `flokit-gen import` (through loadImporter in
// src/index.ts), so that other commands never load it. No logic of its own: only re-exports.
export { runImport, type ImportOptions, type ImportProgress, type ImportReport, type ImportStatus } from './run.js';
export { formatProgress, formatReport, formatReportJson } from './report.js';
export { CheckpointError } from './checkpoint.js';
export { STDIN_SOURCE } from './collect.js';
export { MAX_EVENTS_PER_BATCH } from './batches.js';
