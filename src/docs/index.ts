// `flokit-gen docs`: the plan for people who do not read YAML. As a static site (index.html, the
// plan page with the plan embedded, plus plan.json) or as one Markdown file. Deterministic bytes,
// so `check` can compare them like generated code. In: the IR and a format. Out: files to write.
import type { GeneratedFile } from '../emit/file.js';
import type { Taxonomy } from '../model/ir.js';
import { planMarkdown } from './markdown.js';
import { planPage } from './page.js';
import { planOf } from './plan.js';

export type DocsFormat = 'html' | 'markdown';

/** Where Markdown docs go when the configured path is a directory. */
export const MARKDOWN_FILE = 'plan.md';

/** The files of the static site, as emitDocs names them (known without a taxonomy: see isFreshByManifest). */
export const HTML_FILES = ['index.html', 'plan.json'] as const;

/**
 * The documentation files, relative to the docs directory.
 * @example emitDocs(taxonomy, 'html') // [{ path: 'index.html', ... }, { path: 'plan.json', ... }]
 */
export function emitDocs(taxonomy: Taxonomy, format: DocsFormat): GeneratedFile[] {
  const plan = planOf(taxonomy);
  if (format === 'markdown') return [{ path: MARKDOWN_FILE, contents: planMarkdown(plan) }];
  return [
    { path: HTML_FILES[0], contents: planPage({ plan, title: `${plan.taxonomy} ${plan.version}: tracking plan` }) },
    { path: HTML_FILES[1], contents: `${JSON.stringify(plan, null, 2)}\n` },
  ];
}

export { planOf, type Plan, type PlanEvent, type PlanProperty, type PlanType } from './plan.js';
export { planPage, type PageOptions } from './page.js';
