/** The k best hits of a search as they are found. */
import type { Bm25Hit } from './bm25-segment.js';

/** Relative difference below which two scores tie. */
const TIE = 1e-12;

/** The k best hits so far: a heap whose root is the worst of them (lowest score, then latest position). */
export class TopHits {
  private readonly scores: Float64Array;
  private readonly docs: Int32Array;
  private size = 0;

  /** Holds the `k` best; `floor` is a score k passages are known to reach (0 when none is known). */
  constructor(
    private readonly k: number,
    private readonly floor = 0,
  ) {
    this.scores = new Float64Array(k);
    this.docs = new Int32Array(k);
  }

  /** The score a passage must reach to be among the k best: the floor until k are held. */
  get threshold(): number {
    return this.size < this.k ? this.floor : Math.max(this.floor, this.scores[0]!);
  }

  /** Keeps a passage if it is among the k best so far. */
  offer(doc: number, score: number): void {
    if (this.size < this.k) {
      let at = this.size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!this.worse(doc, score, this.docs[parent]!, this.scores[parent]!)) break;
        this.put(at, this.docs[parent]!, this.scores[parent]!);
        at = parent;
      }
      this.put(at, doc, score);
      return;
    }
    if (this.worse(doc, score, this.docs[0]!, this.scores[0]!)) return;
    let at = 0;
    for (;;) {
      let child = at * 2 + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.worse(this.docs[child + 1]!, this.scores[child + 1]!, this.docs[child]!, this.scores[child]!)) child += 1;
      if (!this.worse(this.docs[child]!, this.scores[child]!, doc, score)) break;
      this.put(at, this.docs[child]!, this.scores[child]!);
      at = child;
    }
    this.put(at, doc, score);
  }

  /** Best first, ties by position. */
  hits(): Bm25Hit[] {
    const hits: Bm25Hit[] = [];
    for (let i = 0; i < this.size; i += 1) hits.push({ doc: this.docs[i]!, score: this.scores[i]! });
    return hits.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }

  /** Scores this close are equal: summed in another order, equal passages may differ in the last bits. */
  private worse(doc: number, score: number, otherDoc: number, otherScore: number): boolean {
    const tolerance = TIE * Math.max(score, otherScore);
    return score < otherScore - tolerance || (score <= otherScore + tolerance && doc > otherDoc);
  }

  private put(at: number, doc: number, score: number): void {
    this.docs[at] = doc;
    this.scores[at] = score;
  }
}
