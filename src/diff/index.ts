// The diff API (`flokit-gen/diff`): compare two taxonomies, classify every change by who it breaks,
// and the version it needs. A separate entry point so that only `flokit-gen diff` loads it.
// No logic of its own: only re-exports.
export { CHANGE_KINDS, bumpOf, type Bump, type Change, type ChangeKind, type Impact } from './change.js';
export { compareTaxonomies } from './compare-taxonomies.js';
export { affectsConsumers, breaksProducers, diffTaxonomies, DIFF_REPORT_VERSION, isCosmetic, type DiffReport, type SideSummary } from './report.js';
export { checkVersion, declaredBump, requiredBump, type DeclaredBump, type VersionVerdict } from './version.js';
export { loadSide, WORKING_TREE, type LoadedSide } from './sides.js';
export { audience, failsOn, formatDiffText, type Paint } from './format-text.js';
export { formatDiffMarkdown } from './format-markdown.js';
