#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on install).
import { main } from '../dist/src/cli.js';

process.exitCode = await main(process.argv);
