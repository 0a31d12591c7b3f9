import { parse } from 'csv-parse/sync';
import { Problem } from '../problem/problem';

export interface CsvFileOptions<C extends string> {
  /** Every column the format knows, for the header message. */
  columns: readonly C[];
  /** Columns a file must have. */
  required: readonly C[];
  maxRows: number;
  maxRecordBytes: number;
}

export interface CsvRecord<C extends string> {
  record: Partial<Record<C, string>>;
  /** The file line where the record ends (1 = header). */
  line: number;
}

/**
 * Reads an uploaded CSV file the way spreadsheets write them: BOM, CRLF, header names in
 * any case and order, blank lines. Missing columns, broken quoting and too many rows
 * answer a problem naming the file; nothing is read past the first error.
 */
export function parseCsvFile<C extends string>(csv: string, options: CsvFileOptions<C>): CsvRecord<C>[] {
  if (!csv || !csv.trim()) throw Problem.field(400, 'file', 'import.emptyFile');
  let parsed: { record: Partial<Record<C, string>>; info: { lines: number } }[];
  try {
    parsed = parse(csv, {
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().toLowerCase());
        const missing = options.required.filter((c) => !names.includes(c));
        if (missing.length) {
          throw new Problem(400, 'import.badHeader', { columns: options.columns.join(', ') }, [
            { field: 'header', rule: 'badHeader', key: 'import.badHeader', params: { columns: missing.join(', ') } },
          ]);
        }
        return names;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
      max_record_size: options.maxRecordBytes,
    });
  } catch (error) {
    if (error instanceof Problem) throw error;
    // csv-parse's codes (e.g. CSV_QUOTE_NOT_CLOSED) are language-neutral; its messages are English.
    const { code, lines } = error as { code?: string; lines?: number };
    throw Problem.field(400, 'file', 'import.unparseable', { line: lines ?? 1, reason: code ?? 'CSV_INVALID' });
  }
  if (parsed.length > options.maxRows) throw Problem.field(413, 'file', 'import.tooManyRows', { max: options.maxRows });
  return parsed.map((p) => ({ record: p.record, line: p.info.lines }));
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is written with a
 * leading apostrophe, and imports remove it again, so export → import is exact.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export function escapeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
export function unescapeCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
