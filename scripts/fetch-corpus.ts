// Fetches the corpus files that are listed but not copied (their licences do not allow a copy
// here) into test/corpus/fetched/, each from its recorded commit, and checks its sha256. The
// corpus round trip (test/corpus/real-world.corpus.ts) then covers them too.
//   npx tsx scripts/fetch-corpus.ts            fetch what is missing
//   npx tsx scripts/fetch-corpus.ts --check    only report which files are present
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { CORPUS_DIR, corpusEntries, sha256 } from '../test/corpus/corpus-manifest.js';

const checkOnly = process.argv.includes('--check');
const rawUrl = (repository: string, commit: string, path: string) =>
  `https://raw.githubusercontent.com/${repository}/${commit}/${path.split('/').map(encodeURIComponent).join('/')}`;

mkdirSync(`${CORPUS_DIR}fetched`, { recursive: true });
let failed = 0;
for (const entry of corpusEntries().filter((e) => !e.copied)) {
  const target = `${CORPUS_DIR}${entry.file}`;
  if (existsSync(target) || checkOnly) {
    console.log(`${existsSync(target) ? 'present' : 'missing'} ${entry.file}`);
    continue;
  }
  try {
    const response = await fetch(rawUrl(entry.repository, entry.commit, entry.path));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (sha256(bytes) !== entry.sha256)
      throw new Error(`sha256 ${sha256(bytes)} is not the recorded ${entry.sha256}`);
    writeFileSync(target, bytes);
    console.log(`fetched ${entry.file} (${entry.licence})`);
  } catch (error) {
    failed++;
    console.error(
      `cannot fetch ${entry.repository}@${entry.commit}:${entry.path}: ${(error as Error).message}`,
    );
  }
}
process.exitCode = failed > 0 ? 1 : 0;
