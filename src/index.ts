// The programmatic API of flokit-gen. Everything the CLI does goes through here. No logic of its own:
// only re-exports. Heavy libraries (ajv, yaml) load on first use inside the modules that need them,
// so light commands start fast.
export { buildOutput, loadTaxonomy, type BuildOutputOptions, type LoadOptions, type LoadTaxonomyResult, type OutputResult } from './pipeline.js';
export { initProject, INIT_COMMANDS, INIT_CONFIG, INIT_SCRIPT_FLAGS, INIT_TAXONOMY, type InitOptions, type InitResult, type InitScriptRole } from './init.js';
export { watchTaxonomy, type WatchEvent, type WatchOptions } from './watch.js';
export { EmitMemo, generate, type GeneratedFile, type GenerateOptions, type JavaScriptModule } from './generate.js';
export { outputLanguage, type OutputLanguage, type OutputTarget } from './output-language.js';
export { createPayloadChecker, checkPayloadSources, createJsonReportWriter, formatPayloadResult, formatPayloadSummary, STDIN_SOURCE, type PayloadChecker, type PayloadResult, type PayloadSummary, type PayloadVerdict } from './payloads/index.js';
export { CONFIG_FILES, DEFAULT_CONFIG, loadConfig, type ConfigResult, type ProjectConfig } from './config.js';
export { checkFiles, isFresh, isFreshByManifest, MANIFEST, OutputMemory, staleDocsFiles, withManifest, writeDocsFiles, writeFiles, type CheckReport, type DocsFile, type WriteReport } from './output.js';
export { DIAGNOSTIC_CODES, formatDiagnostic, TaxonomyError, type Diagnostic, type DiagnosticCode, type SourceLocation } from './diagnostics.js';
export { DEFAULT_LIMITS, type LoadCache, type LoadLimits, type SourceDigest } from './load/index.js';
export { analyzeCoverage, type CoverageOptions, type CoverageResult } from './coverage/index.js';
export { buildReport, FAIL_ON, failures, type CoverageReport, type CoverageSite, type CoverageSummary, type EventCoverage, type EventStatus, type FailOn, type UnknownEvent, type UnresolvedEntry } from './coverage/report.js';
export { formatReport, type CoverageFormat } from './coverage/format.js';
export { DEFAULT_TEST_GLOBS } from './coverage/globs.js';
export type { Findings, ProducedSite, SiteLocation, UnresolvedSite } from './coverage/findings.js';
export { VERSION } from './package-files.js';
/** `flokit-gen import`'s module, loaded on demand: the import's code costs other commands nothing. */
export const loadImporter = (): Promise<typeof import('./import/index.js')> => import('./import/index.js');
export type { ImportOptions, ImportProgress, ImportReport, ImportStatus } from './import/index.js';
export { HEADER_MARK } from './emit/header.js';
export type * from './model/ir.js';
export { emitDocs, HTML_FILES, MARKDOWN_FILE, planOf, type DocsFormat, type Plan, type PlanEvent, type PlanProperty, type PlanType } from './docs/index.js';
export { startCollector, type CollectedEvent, type Collector, type CollectorOptions, type EventMatch, type EventPage, type EventQuery, type StoredEvent, type StoredViolation, type Summary, type WaitOptions } from './serve/start.js';
