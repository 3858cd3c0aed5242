// Text a DTE reads from its modem: collected until a wanted word shows up, then forgotten
// up to the end of that word (modem results and prompts arrive in pieces).

export class ModemText {
  private text = "";

  add(data: Uint8Array): void {
    this.text = (this.text + Buffer.from(data).toString("latin1")).slice(-4096);
  }

  /** The first of `words` found (and everything up to it consumed), or null. */
  take(...words: string[]): string | null {
    let best: { word: string; at: number } | null = null;
    for (const word of words) {
      const at = this.text.indexOf(word);
      if (at >= 0 && (best === null || at < best.at)) best = { word, at };
    }
    if (best === null) return null;
    this.text = this.text.slice(best.at + best.word.length);
    return best.word;
  }

  clear(): void {
    this.text = "";
  }
}
