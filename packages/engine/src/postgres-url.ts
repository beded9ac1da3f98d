/** Whether an input names a PostgreSQL table rather than a file (the PostgreSQL client loads only then). */
export function isPostgresUrl(input: string): boolean {
  return /^postgres(ql)?:\/\//i.test(input);
}
