/** Compose durations ("1m30s", "10s", "500ms", "2h") to whole seconds, rounded up; undefined when not a duration. */
export function durationSeconds(text: string): number | undefined {
  const parts =
    /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?(?:(\d+(?:\.\d+)?)us)?$/.exec(
      text.trim(),
    );
  if (!parts || text.trim() === '') return undefined;
  const [, h = '0', m = '0', s = '0', ms = '0', us = '0'] = parts;
  const total = Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000 + Number(us) / 1e6;
  return Math.ceil(total);
}

/** Compose byte sizes ("512m", "1g", "1024k", 1048576) to a Kubernetes quantity; undefined when not a size. */
export function memoryQuantity(value: string | number): string | undefined {
  if (typeof value === 'number') return String(value);
  const match = /^(\d+)\s*([bkmg])?b?$/i.exec(value.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  return match[1] + ({ b: '', k: 'Ki', m: 'Mi', g: 'Gi' } as Record<string, string>)[unit]!;
}

/** Splits a compose command string the way a POSIX shell would split words (quotes, backslashes). */
export function splitCommand(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push(word);
  return words;
}
