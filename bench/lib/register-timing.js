// `node --import ./bench/lib/register-timing.js`: installs timing-hooks.js (see there).
import { register } from 'node:module';

register('./timing-hooks.js', import.meta.url);
