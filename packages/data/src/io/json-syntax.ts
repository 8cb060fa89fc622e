/**
 * Offset of the first JSON syntax error in `text` (RFC 8259), or −1 when it is valid JSON. A linear
 * scan with an explicit stack (no recursion), used only to locate errors that `JSON.parse` reports
 * without a position.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const stack: ('a' | 'o')[] = [];
  // expecting: 'value' | 'key' (or '}' for an empty object) | 'after' (',' or closer)
  let state: 'value' | 'first-value' | 'key' | 'first-key' | 'after' = 'value';
  for (;;) {
    ws();
    if (state === 'value' || state === 'first-value') {
      if (state === 'first-value' && text[i] === ']') {
        stack.pop();
        i++;
        // on to the 'after' code below
      } else if (text[i] === '{') {
        stack.push('o');
        i++;
        state = 'first-key';
        continue;
      } else if (text[i] === '[') {
        stack.push('a');
        i++;
        state = 'first-value';
        continue;
      } else {
        const end = scalarEnd(text, i);
        if (end < 0) return i;
        i = end;
        // on to the 'after' code below
      }
    } else if (state === 'key' || state === 'first-key') {
      if (state === 'first-key' && text[i] === '}') {
        stack.pop();
        i++;
        // on to the 'after' code below
      } else {
        if (text[i] !== '"') return i;
        const end = stringEnd(text, i);
        if (end < 0) return i;
        i = end;
        ws();
        if (text[i] !== ':') return i;
        i++;
        state = 'value';
        continue;
      }
    }
    // state 'after'
    ws();
    const top = stack[stack.length - 1];
    if (top === undefined) return i === n ? -1 : i;
    if (text[i] === ',') {
      i++;
      state = top === 'a' ? 'value' : 'key';
    } else if ((top === 'a' && text[i] === ']') || (top === 'o' && text[i] === '}')) {
      stack.pop();
      i++;
      state = 'after';
      ws();
      if (stack.length === 0) return i === n ? -1 : i;
      // fall through to read the next ',' or closer
      const again = stack[stack.length - 1]!;
      if (text[i] === ',') {
        i++;
        state = again === 'a' ? 'value' : 'key';
      } else if ((again === 'a' && text[i] === ']') || (again === 'o' && text[i] === '}')) {
        continue;
      } else return i;
    } else return i;
  }
}

function stringEnd(text: string, i: number): number {
  let k = i + 1;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === 34) return k + 1;
    if (c < 0x20) return -1;
    if (c === 92) {
      const e = text[k + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(k + 2, k + 6))) return -1;
        k += 6;
        continue;
      }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) return -1;
      k += 2;
      continue;
    }
    k++;
  }
  return -1;
}

function scalarEnd(text: string, i: number): number {
  if (text[i] === '"') return stringEnd(text, i);
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return i + word.length;
  const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 400));
  return m && m[0].length > 0 ? i + m[0].length : -1;
}
