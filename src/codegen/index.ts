export * from './adql';
export * from './python';
export * from './pyvo';
export * from './magic';
export * from './examples';
