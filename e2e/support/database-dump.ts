import { PGlite } from "@electric-sql/pglite";

/*
 * Every row of every table of an embedded database, as text, like a dump an attacker or a backup would hold.
 * Opened after the server that used the directory has stopped (PGlite allows one process per directory).
 */
export async function dumpDatabaseText(dir: string): Promise<{ tables: string[]; text: string }> {
  const db = new PGlite(dir);
  try {
    const { rows: tables } = await db.query<{ name: string }>(
      `select format('%I.%I', schemaname, tablename) as name from pg_tables
       where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await db.query<{ row: string }>(`select t::text as row from ${name} t`);
      parts.push(`-- ${name}\n${rows.map((r) => r.row).join("\n")}`);
    }
    return { tables: tables.map((t) => t.name), text: parts.join("\n") };
  } finally {
    await db.close();
  }
}
