import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

/** Runs the real-world corpus round trip, which the default suite leaves out (README.md). */
export default defineConfig({ test: { ...base.test, include: ['test/corpus/**/*.corpus.ts'] } });
