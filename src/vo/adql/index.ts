/** ADQL 2.1: lexer, parser, validator, completion and formatter; pure, for the editor and tests. */
export * from './keywords';
export * from './lexer';
export * from './parser';
export * from './schema';
export * from './validator';
export * from './completion';
export * from './format';
export * from './signatures';
export * from './hints';
export * from './count';
