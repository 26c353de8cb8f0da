// The programmatic API of flokit-gen. Everything the CLI does goes through here. No logic of its own:
// only re-exports. Heavy libraries (ajv, yaml) load on first use inside the modules that need them,
// so light commands start fast.
export { buildOutput, loadTaxonomy, type BuildOutputOptions, type LoadOptions, type LoadTaxonomyResult, type OutputResult } from './pipeline.js';
export { initProject, INIT_COMMANDS, INIT_CONFIG, INIT_SCRIPT_FLAGS, INIT_TAXONOMY, type InitOptions, type InitResult, type InitScriptRole } from './init.js';
export { watchTaxonomy, type WatchEvent, type WatchOptions } from './watch.js';
export { generate, type GeneratedFile, type GenerateOptions, type JavaScriptModule } from './generate.js';
export { outputLanguage, type OutputLanguage, type OutputTarget } from './output-language.js';
export { createPayloadChecker, checkPayloadSources, createJsonReportWriter, formatPayloadResult, formatPayloadSummary, STDIN_SOURCE, type PayloadChecker, type PayloadResult, type PayloadSummary, type PayloadVerdict } from './payloads/index.js';
export { CONFIG_FILES, DEFAULT_CONFIG, loadConfig, type ConfigResult, type ProjectConfig } from './config.js';
export { checkFiles, isFresh, isFreshByManifest, MANIFEST, withManifest, writeFiles, type CheckReport, type WriteReport } from './output.js';
export { DIAGNOSTIC_CODES, formatDiagnostic, TaxonomyError, type Diagnostic, type DiagnosticCode, type SourceLocation } from './diagnostics.js';
export { DEFAULT_LIMITS, type LoadCache, type LoadLimits, type SourceDigest } from './load/index.js';
export { VERSION } from './package-files.js';
export { HEADER_MARK } from './emit/header.js';
export type * from './model/ir.js';
