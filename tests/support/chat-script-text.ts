// Splits a `chat-script NAME TOKEN ...` configuration line into the name and the tokens the
// ChatScripts section carries: quotes removed, backslash escapes left as written. Straight
// and typographic double quotes both delimit (the reference text prints "" as ““).

const QUOTES = new Set(['"', "\u201c", "\u201d"]);

export function splitChatScriptLine(line: string): { name: string; tokens: string[] } {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let word = "";
    let quoted = false;
    while (i < line.length && (quoted || !/\s/.test(line[i]))) {
      const c = line[i];
      if (QUOTES.has(c)) {
        quoted = !quoted;
        i++;
      } else if (c === "\\" && i + 1 < line.length) {
        word += c + line[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    if (quoted) throw new SyntaxError(`unterminated quote in: ${line}`);
    words.push(word);
  }
  if (words[0] !== "chat-script" || words.length < 2) throw new SyntaxError(`not a chat-script line: ${line}`);
  return { name: words[1], tokens: words.slice(2) };
}
