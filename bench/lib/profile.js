// Reads a V8 .cpuprofile (node --cpu-prof) and splits its samples by the stage windows the stage
// runner reported (process.hrtime, the profiler's clock): self time per function per stage.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** { [stage]: Map<function label, self ms> } */
export function selfTimeByStage(profilePath, stages) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const label = new Map();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const where = f.url === '' ? '' : ` ${basename(f.url)}:${f.lineNumber + 1}`;
    label.set(node.id, `${f.functionName === '' ? '(anonymous)' : f.functionName}${where}`);
  }
  const out = Object.fromEntries(stages.map((s) => [s.name, new Map()]));
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // ms this sample stands for
    const stage = stages.find((s) => t >= s.startUs && t < s.endUs);
    if (stage === undefined) continue;
    const name = label.get(profile.samples[i]);
    const m = out[stage.name];
    m.set(name, (m.get(name) ?? 0) + dt);
  }
  return out;
}

export function top(map, n) {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}
