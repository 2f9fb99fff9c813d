/**
 * The common part of the streaming readers (VOSI tables, VOTable): a saxes parser fed chunk by
 * chunk, element names without prefixes, namespaces not checked (undeclared prefixes are
 * tolerated), and every failure turned into a VOParseError that says what came instead: an
 * HTML page, JSON, nothing, another kind of document, broken or truncated XML.
 *
 * Raw text: the content of some elements (a BINARY STREAM's base64, TABLEDATA's rows) is large
 * and simple, and saxes would hold it as one string until the next tag, or tokenise it a
 * character at a time. A subclass may ask, when such an element opens, to read its content
 * itself: the chunks are then cut so that saxes stops right after that element's start tag, and
 * the text after it goes to rawText() until the subclass hands the rest back to saxes (at the
 * element's end tag, or anything it does not read itself). saxes still sees every tag.
 */
import { SaxesParser } from 'saxes';

import { VOParseError, describeBody, wrongKind } from './errors';
import { IChunkSink } from './stream';
import { localName } from './xml';

/** Strip saxes' "line:column: " prefix from its messages, keep the line. */
function saxesMessage(error: Error): { line?: string; text: string } {
  const match = /^(?:[^:]*:)?(\d+):\d+: ([\s\S]*)$/.exec(error.message);
  return match ? { line: match[1], text: match[2] } : { text: error.message };
}

export abstract class SaxReader implements IChunkSink {
  /**
   * @param expected - the kind of document, for messages: 'a VOTable'.
   * @param roots - local names the root element may have.
   * @param rawElements - local names of elements whose content the subclass may read raw.
   */
  constructor(
    protected readonly expected: string,
    private readonly roots: readonly string[],
    private readonly rawElements: readonly string[] = []
  ) {
    this._parser = new SaxesParser({ xmlns: false, position: true });
    this._parser.on('opentag', tag => {
      if (this.stopped) {
        return;
      }
      this._elements++;
      const name = localName(tag.name);
      if (!this._rootSeen) {
        this._rootSeen = true;
        if (!this.roots.includes(name)) {
          throw wrongKind(this.expected, name);
        }
      }
      this.stack.push(name);
      this.openElement(name, tag.attributes);
    });
    this._parser.on('closetag', tag => {
      if (this.stopped) {
        return;
      }
      const name = localName(tag.name);
      this.stack.pop();
      this.closeElement(name);
    });
    this._parser.on('text', text => {
      if (this.stack.length > 0 && !this.stopped) {
        this.characters(text);
      }
    });
    this._parser.on('cdata', text => {
      if (!this.stopped) {
        this.characters(text);
      }
    });
    this._parser.on('error', error => {
      // An unknown entity (&nbsp; in a description) should not lose a whole document.
      if (!/undefined entity/i.test(error.message)) {
        this._error ??= error;
      }
    });
  }

  /** Elements seen so far, plus any other work units a subclass counts (rows). */
  get elements(): number {
    return this._elements + this.extraWork;
  }

  /** Characters read so far. */
  get characterCount(): number {
    return this._characters;
  }

  /** Set when a subclass needs no more input; later writes are ignored. */
  get done(): boolean {
    return this.stopped;
  }

  write(chunk: string): void {
    if (this.stopped) {
      return;
    }
    if (!this._sniffed) {
      this._head += chunk;
      const what = describeBody(this._head);
      if (what === null) {
        this._sniffed = true;
        this._head = '';
      } else if (what.code !== 'empty') {
        throw new VOParseError(
          `Expected ${this.expected} but got ${what.found}.`,
          this.expected,
          what.code,
          what.found
        );
      }
      // Otherwise only white space or a prolog so far: wait for more.
    }
    this._characters += chunk.length;
    this._feed(chunk);
    this._raise(false);
  }

  /** End of input: throws if the document was empty, broken or truncated. */
  protected finish(): void {
    if (this.stopped) {
      return;
    }
    if (!this._sniffed) {
      throw new VOParseError(
        `Expected ${this.expected} but got an empty response.`,
        this.expected,
        'empty',
        'an empty response'
      );
    }
    if (this._carry !== '') {
      // A raw part left unfinished (a row cut by the end of the input): saxes says how.
      this.leaveRawText();
      const rest = this._carry;
      this._carry = '';
      this._feed(rest);
    }
    this._parser.close();
    this._raise(true);
    if (!this._rootSeen) {
      throw new VOParseError(
        `Expected ${this.expected} but the document has no root element.`,
        this.expected,
        'truncated',
        'a document without a root element'
      );
    }
  }

  /** Local names of the open elements, outermost first. */
  protected readonly stack: string[] = [];
  /** Work done besides elements (rows decoded from a binary stream), for pausing. */
  protected extraWork = 0;
  /** The subclass has all it wants: ignore the rest of the input, do not check its end. */
  protected stopped = false;

  /**
   * From openElement: read this element's content with rawText(). Granted only when saxes
   * stopped right after the start tag (otherwise the content comes to characters() as usual).
   */
  protected enterRawText(): void {
    this._rawAsked = this._parser.position;
  }

  /** Give the rest of the input back to saxes, from the index rawText() returns. */
  protected leaveRawText(): void {
    this._raw = false;
    this._rawAsked = -1;
  }

  /** In raw mode: whether rawText() is being given the content. */
  protected get rawMode(): boolean {
    return this._raw;
  }

  /**
   * Content of a raw element, from `from` in `text`; returns the index up to which it was read.
   * Still in raw mode, the text from there is given again with the next chunk (an unfinished
   * row); after leaveRawText(), it goes to saxes.
   */
  protected rawText(text: string, from: number): number {
    void text;
    this.leaveRawText();
    return from;
  }

  protected abstract openElement(
    name: string,
    attributes: Record<string, string>
  ): void;
  protected abstract closeElement(name: string): void;
  protected abstract characters(text: string): void;
  /** A few words on how far the reader got, for the truncation message. */
  protected abstract progressNote(): string;

  /** Give a chunk to saxes or to rawText(), cutting it after a raw element's start tag. */
  private _feed(chunk: string): void {
    let text = chunk;
    if (this._carry !== '') {
      text = this._carry + chunk;
      this._carry = '';
    }
    let at = 0;
    while (at < text.length && !this.stopped) {
      if (this._raw) {
        const taken = this.rawText(text, at);
        this._rawLines += newlines(text, at, taken);
        at = taken;
        if (this._raw) {
          if (text.length - at <= RAW_CARRY_LIMIT) {
            this._carry = text.slice(at);
            return;
          }
          // Not the small pieces raw reading is for (a huge cell): saxes reads the rest.
          this.leaveRawText();
        }
        continue;
      }
      const split = this.rawElements.length > 0 ? this._rawSplit(text, at) : -1;
      const end = split < 0 ? text.length : split;
      this._parser.write(
        at === 0 && end === text.length ? text : text.slice(at, end)
      );
      this._fed += end - at;
      this._remember(text, end);
      at = end;
      if (this._rawAsked >= 0) {
        // Granted only when nothing after the start tag went to saxes (saxes' position during
        // a write counts from the start of the input; after it, it is not meant to be read).
        this._raw = this._rawAsked === this._fed;
        this._rawAsked = -1;
      }
    }
  }

  /**
   * Index just past the '>' of the next tag in `text` (from `from`) that may open a raw
   * element, or -1. A name or tag cut by the end of a chunk is found with the next chunk.
   */
  private _rawSplit(text: string, from: number): number {
    if (this._tagOpen) {
      const close = text.indexOf('>', from);
      if (close < 0) {
        return -1;
      }
      this._tagOpen = false;
      return close + 1;
    }
    // The earliest start of a raw element's name (after '<' or a prefix's ':'), in this chunk,
    // or cut by the previous chunk's end (negative: that many characters before this chunk).
    let first = Infinity;
    for (const name of this.rawElements) {
      if (from === 0 && this._tail !== '') {
        const window = this._tail + text.slice(0, name.length - 1);
        const start = window.indexOf(name, this._tail.length - name.length + 1);
        if (
          start >= 0 &&
          start < this._tail.length &&
          isTagName(window, start, name.length)
        ) {
          first = Math.min(first, start - this._tail.length);
          continue;
        }
      }
      for (
        let index = text.indexOf(name, from);
        index >= 0 && index < first;
        index = text.indexOf(name, index + 1)
      ) {
        const valid =
          index > 0
            ? isTagName(text, index, name.length)
            : isTagName(this._tail + text, this._tail.length, name.length);
        if (valid) {
          first = index;
          break;
        }
      }
    }
    if (first === Infinity) {
      return -1;
    }
    const close = text.indexOf('>', Math.max(from, first));
    if (close < 0) {
      this._tagOpen = true;
      return -1;
    }
    return close + 1;
  }

  /** Keep the end of what saxes was given, to find a name cut by a chunk's end. */
  private _remember(text: string, end: number): void {
    const start = Math.max(0, end - RAW_TAIL);
    this._tail =
      end - start >= RAW_TAIL
        ? text.slice(start, end)
        : (this._tail + text.slice(start, end)).slice(-RAW_TAIL);
  }

  private _raise(closing: boolean): void {
    if (!this._error || this.stopped) {
      return;
    }
    const error = this._error;
    this._error = null;
    const { line: saxesLine, text } = saxesMessage(error);
    // saxes did not see the lines read raw.
    const line =
      saxesLine === undefined
        ? undefined
        : String(Number(saxesLine) + this._rawLines);
    if (closing || /unclosed|unexpected end/i.test(text)) {
      // The input ended inside an element (or inside a tag): the answer was cut.
      const note = this.progressNote();
      const where = [
        this.stack.length > 0
          ? `inside <${this.stack[this.stack.length - 1]}>`
          : 'before its root element was complete',
        note
      ]
        .filter(part => part !== '')
        .join(', ');
      throw new VOParseError(
        `Expected ${this.expected} but the document stops before its end (${where}); ` +
          'the connection may have been cut or the answer truncated.',
        this.expected,
        'truncated',
        'a truncated XML document'
      );
    }
    throw new VOParseError(
      `Expected ${this.expected} but the XML is broken${line ? ` at line ${line}` : ''}: ${text}`,
      this.expected,
      'malformed',
      'broken XML'
    );
  }

  private _parser: SaxesParser<{ xmlns: false; position: true }>;
  private _head = '';
  private _sniffed = false;
  private _rootSeen = false;
  private _elements = 0;
  private _characters = 0;
  private _error: Error | null = null;
  /** Position saxes had when the subclass asked for raw text; -1 when it did not. */
  private _rawAsked = -1;
  /** Characters given to saxes so far. */
  private _fed = 0;
  private _raw = false;
  /** Raw text given back to rawText() with the next chunk. */
  private _carry = '';
  /** Lines read raw, which saxes' line numbers do not count. */
  private _rawLines = 0;
  /** The last characters given to saxes. */
  private _tail = '';
  /** A raw element's start tag began and its '>' is in a later chunk. */
  private _tagOpen = false;
}

/** An unfinished raw piece longer than this goes to saxes (a huge cell is no row to carry). */
const RAW_CARRY_LIMIT = 1 << 20;
/** Characters kept to find a raw element's name cut by a chunk's end (names are short). */
const RAW_TAIL = 16;

/** `text` has an element name of `length` characters at `index`: after '<' or ':', before '>', '/', white space or the end. */
function isTagName(text: string, index: number, length: number): boolean {
  const before = text.charCodeAt(index - 1);
  const after = index + length;
  const next = after < text.length ? text.charCodeAt(after) : -1;
  return (
    (before === 60 || before === 58) &&
    (next === -1 || next === 62 || next === 47 || next <= 32)
  );
}

function newlines(text: string, from: number, to: number): number {
  let count = 0;
  for (
    let at = text.indexOf('\n', from);
    at >= 0 && at < to;
    at = text.indexOf('\n', at + 1)
  ) {
    count++;
  }
  return count;
}
