export interface Migration {
  /** unique, ordered; never renamed once released */
  id: string;
  /** DDL (or a data fix, an INSERT … SELECT) for the given database; each statement must be safe to run again (IF NOT EXISTS, or selecting nothing once done) */
  statements: (db: string) => string[];
}
