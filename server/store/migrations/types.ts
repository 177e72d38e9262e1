export interface Migration {
  /** unique, ordered; never renamed once released */
  id: string;
  /** DDL for the given database; each statement must be safe to run again (IF NOT EXISTS) */
  statements: (db: string) => string[];
}
