/**
 * The common part of the streaming readers (VOSI tables, VOTable): a saxes parser fed chunk by
 * chunk, element names without prefixes, namespaces not checked (undeclared prefixes are
 * tolerated), and every failure turned into a VOParseError that says what came instead: an
 * HTML page, JSON, nothing, another kind of document, broken or truncated XML.
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
   */
  constructor(
    protected readonly expected: string,
    private readonly roots: readonly string[]
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
    this._parser.write(chunk);
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

  protected abstract openElement(
    name: string,
    attributes: Record<string, string>
  ): void;
  protected abstract closeElement(name: string): void;
  protected abstract characters(text: string): void;
  /** A few words on how far the reader got, for the truncation message. */
  protected abstract progressNote(): string;

  private _raise(closing: boolean): void {
    if (!this._error || this.stopped) {
      return;
    }
    const error = this._error;
    this._error = null;
    const { line, text } = saxesMessage(error);
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
}
