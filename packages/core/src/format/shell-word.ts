/** A value for a command line shown to people: bare when it is a plain word or path, else in single quotes. */
export function shellWord(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  return /^[\w./@:=+,-]+$/.test(flat) ? flat : `'${flat.replace(/'/g, `'\\''`)}'`;
}
