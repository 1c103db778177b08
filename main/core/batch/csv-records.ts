/**
 * An RFC 4180 reader: comma-separated records; fields may be quoted, and a quoted field may
 * hold commas, doubled quotes ("") and line breaks. Records end at CRLF, LF or a lone CR.
 * Each record keeps the physical line it starts on, so a bad row can be named the way a
 * spreadsheet shows it. Lenient where Excel is: a quote inside an unquoted field is literal.
 */

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvReadResult {
  records: CsvRecord[];
  /** Set when a quoted field is never closed; records before it are still returned. */
  unterminatedQuoteLine: number | null;
}

/** Spreadsheets in comma-decimal locales export `;`; the header line tells which one this is. */
export function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  return !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
}

export function readCsvRecords(input: string, delimiter: ',' | ';' = ','): CsvReadResult {
  const text = input.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteStartLine = 0;
  let fieldStarted = false; // distinguishes an empty line from a record with one empty field
  let i = 0;

  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    // A blank line (one empty field, nothing else) is not a record.
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted)) records.push({ line: recordLine, fields });
    fields = [];
    fieldStarted = false;
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      if (c === '\r' || c === '\n') {
        // Keep the line break inside the value, normalised to \n, and count the physical line.
        if (c === '\r' && text[i + 1] === '\n') i++;
        field += '\n';
        line++;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '' ) {
      inQuotes = true;
      quoteStartLine = line;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === delimiter) {
      fieldStarted = true;
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
      i++;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (inQuotes) return { records, unterminatedQuoteLine: quoteStartLine };
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return { records, unterminatedQuoteLine: null };
}
