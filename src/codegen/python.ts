/**
 * Python literals that are safe for any text: whatever a service names a table or column, the
 * generated code parses and means exactly that text.
 */

function escapeChar(char: string): string {
  const code = char.codePointAt(0) as number;
  switch (char) {
    case '\\':
      return '\\\\';
    case '"':
      return '\\"';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  if (code < 0x20 || code === 0x7f) {
    return `\\x${code.toString(16).padStart(2, '0')}`;
  }
  if (code >= 0xd800 && code <= 0xdfff) {
    // A lone surrogate cannot be written to a notebook as UTF-8.
    return `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return char;
}

/** A double-quoted Python string literal for any text. */
export function pythonString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
        continue;
      }
    }
    out += escapeChar(text[i]);
  }
  return `"${out}"`;
}

/**
 * A multi-line ADQL query as a readable triple-quoted string when that is safe, else a plain
 * escaped literal.
 */
export function pythonQuery(query: string): string {
  const safe =
    query.includes('\n') &&
    !query.includes('"""') &&
    !query.includes('\\') &&
    !query.endsWith('"') &&
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    !/[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]/.test(query);
  return safe ? `"""\n${query}\n"""` : pythonString(query);
}

/** A variable name derived from a table name: `dp02_dc2_catalogs.Object` → `object_table`. */
export function pythonIdentifier(hint: string, suffix = ''): string {
  const last = hint.split('.').pop() ?? hint;
  let name = last
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  if (name === '' || /^[0-9]/.test(name)) {
    name = `t_${name}`;
  }
  const full = suffix ? `${name}_${suffix}` : name;
  return PYTHON_KEYWORDS.has(full) ? `${full}_` : full;
}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' '
  )
);
